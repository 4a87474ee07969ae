"""Staff roles as groups, with the permissions each may use (see boroughs/access.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

ROLES = {
    "Administrator": {
        "boroughs": {"area": ALL, "engagementgroup": ALL, "usefulcontact": ALL,
                     "boroughassignment": ALL},
        "performance": {"measure": ALL, "financialyear": ALL,
                        "figure": (*ALL, "import_figures", "export_figures"),
                        "boroughsummary": ALL, "londonsummary": ALL, "release": ("add", "view")},
        "consultation": {"survey": ALL, "question": ALL, "option": ALL, "response": ALL,
                         "contactdetails": ("view", "delete")},
        "auth": {"user": ALL, "group": ("view",)},
    },
    "Borough editor": {
        "boroughs": {"area": ("view",), "engagementgroup": ALL,
                     "usefulcontact": ("add", "change", "view", "delete")},
        "performance": {"measure": ("view",), "financialyear": ("view",),
                        "figure": ("add", "change", "view", "import_figures", "export_figures"),
                        "boroughsummary": ("add", "change", "view")},
        "consultation": {"response": ("view",)},
    },
    "Analyst": {
        "boroughs": {"area": ("view",), "engagementgroup": ("view",),
                     "usefulcontact": ("view",)},
        "performance": {"measure": ("view",), "financialyear": ("view",),
                        "figure": ("view", "import_figures", "export_figures"),
                        "boroughsummary": ("view",), "londonsummary": ("view",),
                        "release": ("view",)},
        "consultation": {"survey": ("view",), "question": ("view",), "option": ("view",),
                         "response": ("view",)},
    },
    "Consultation officer": {
        "boroughs": {"area": ("view",)},
        "performance": {"measure": ("view",), "financialyear": ("view",)},
        "consultation": {"survey": ALL, "question": ALL, "option": ALL,
                         "response": ("add", "view"), "contactdetails": ("view", "delete")},
    },
}


def codename(action, model):
    return f"{action}_{model}" if action in ALL else action


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_ in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            (app_label, codename(action, model))
            for app_label, models in apps_.items()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=code)
            for app_label, code in wanted
        ]
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("boroughs", "0004_boroughassignment"),
        ("performance", "0004_alter_figure_options"),
        ("consultation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
