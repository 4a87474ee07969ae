"""Administrators and Consultation officers write "You said, we did"; Analysts read it.

The write-up was added (0007) without giving any role a permission on it, so only a
superuser could see its section on a survey's page.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ["add_wedid", "change_wedid", "delete_wedid", "view_wedid"]
ROLES = {
    "Administrator": ALL,
    "Consultation officer": ALL,
    "Analyst": ["view_wedid"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("consultation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        permissions = Permission.objects.filter(
            content_type__app_label="consultation", codename__in=codenames
        )
        for group in Group.objects.filter(name=role):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0008_deleted_response"),
        ("boroughs", "0005_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
