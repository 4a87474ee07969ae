"""Administrators can see and remove staff's authenticator devices (and so remove a member of
staff who has one). Devices are added with `manage.py enrol_totp`; their secrets are never
shown in the admin (OTP_ADMIN_HIDE_SENSITIVE_DATA)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("otp_totp")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="otp_totp",
        codename__in=["view_totpdevice", "delete_totpdevice"],
    )
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("boroughs", "0007_tile_map"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
