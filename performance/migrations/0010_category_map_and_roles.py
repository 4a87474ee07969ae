"""The recorded crime category map, seeded for the names of the police's edition of
January 2017 (docs/figures.md), and who may keep it and import editions.

Every category of that edition is in the map: the five that feed a measure, and the
rest marked as feeding none (they still count towards total crime, which takes every
category by rule). A later edition with a category not listed here is refused until
staff place it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MAPPED = {
    ("Burglary", "Burglary in a Dwelling"): "residential-burglary",
    ("Robbery", "Business Property"): "robbery",
    ("Robbery", "Personal Property"): "robbery",
    ("Theft and Handling", "Theft From Motor Vehicle"): "theft-from-vehicles",
    ("Theft and Handling", "Theft/Taking Of Motor Vehicle"): "theft-of-vehicles",
}
NOT_USED = [
    ("Burglary", "Burglary in Other Buildings"),
    ("Criminal Damage", "Criminal Damage To Dwelling"),
    ("Criminal Damage", "Criminal Damage To Motor Vehicle"),
    ("Criminal Damage", "Criminal Damage To Other Building"),
    ("Criminal Damage", "Other Criminal Damage"),
    ("Drugs", "Drug Trafficking"),
    ("Drugs", "Other Drugs"),
    ("Drugs", "Possession Of Drugs"),
    ("Fraud or Forgery", "Counted per Victim"),
    ("Fraud or Forgery", "Other Fraud & Forgery"),
    ("Other Notifiable Offences", "Going Equipped"),
    ("Other Notifiable Offences", "Other Notifiable"),
    ("Sexual Offences", "Other Sexual"),
    ("Sexual Offences", "Rape"),
    ("Theft and Handling", "Handling Stolen Goods"),
    ("Theft and Handling", "Motor Vehicle Interference & Tampering"),
    ("Theft and Handling", "Other Theft"),
    ("Theft and Handling", "Other Theft Person"),
    ("Theft and Handling", "Theft From Shops"),
    ("Theft and Handling", "Theft/Taking of Pedal Cycle"),
    ("Violence Against the Person", "Assault with Injury"),
    ("Violence Against the Person", "Common Assault"),
    ("Violence Against the Person", "Grievous Bodily Harm"),
    ("Violence Against the Person", "Harassment"),
    ("Violence Against the Person", "Murder"),
    ("Violence Against the Person", "Offensive Weapon"),
    ("Violence Against the Person", "Other violence"),
    ("Violence Against the Person", "Wounding/GBH"),
]

ROLES = {
    "Administrator": [
        "add_sourcecategory",
        "change_sourcecategory",
        "delete_sourcecategory",
        "view_sourcecategory",
        "view_crimeedition",
        "import_recorded_crime",
    ],
    "Analyst": ["view_sourcecategory", "view_crimeedition"],
}


def seed(apps, schema_editor):
    Measure = apps.get_model("performance", "Measure")
    SourceCategory = apps.get_model("performance", "SourceCategory")
    measures = {m.slug: m for m in Measure.objects.all()}
    for (major, minor), slug in MAPPED.items():
        SourceCategory.objects.get_or_create(
            major=major, minor=minor, defaults={"measure": measures.get(slug)}
        )
    for major, minor in NOT_USED:
        SourceCategory.objects.get_or_create(major=major, minor=minor)


def grant(apps, schema_editor):
    grant_roles(apps, ROLES)


def grant_roles(apps, roles: dict[str, list[str]]) -> None:
    """Give each role (a group) these permissions of the performance app."""
    app_config = apps.get_app_config("performance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in roles.items():
        permissions = Permission.objects.filter(
            content_type__app_label="performance", codename__in=codenames
        )
        for group in Group.objects.filter(name=role):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0009_recorded_crime"),
        ("boroughs", "0008_administrators_manage_authenticators"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
