"""Publishing and withdrawing survey results is a permission of its own, given to Administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_to_administrators(apps, schema_editor):
    app_config = apps.get_app_config("consultation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="consultation", codename="publish_survey_results"
    )
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0001_initial"),
        ("boroughs", "0005_staff_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="survey",
            options={
                "ordering": ["-closes_at", "audience"],
                "permissions": [
                    ("publish_survey_results", "Can publish and withdraw survey results")
                ],
            },
        ),
        migrations.RunPython(grant_to_administrators, migrations.RunPython.noop),
    ]
