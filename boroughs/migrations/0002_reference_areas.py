"""The 32 London boroughs policed by the Met, and the Met area itself, as reference data.

The City of London (E09000001) has its own police force and is not a Met borough.
"""

from django.db import migrations
from django.utils.text import slugify

LONDON_WIDE = ("E23000001", "Metropolitan Police (London-wide)", "london")

BOROUGHS = [
    ("E09000002", "Barking and Dagenham"),
    ("E09000003", "Barnet"),
    ("E09000004", "Bexley"),
    ("E09000005", "Brent"),
    ("E09000006", "Bromley"),
    ("E09000007", "Camden"),
    ("E09000008", "Croydon"),
    ("E09000009", "Ealing"),
    ("E09000010", "Enfield"),
    ("E09000011", "Greenwich"),
    ("E09000012", "Hackney"),
    ("E09000013", "Hammersmith and Fulham"),
    ("E09000014", "Haringey"),
    ("E09000015", "Harrow"),
    ("E09000016", "Havering"),
    ("E09000017", "Hillingdon"),
    ("E09000018", "Hounslow"),
    ("E09000019", "Islington"),
    ("E09000020", "Kensington and Chelsea"),
    ("E09000021", "Kingston upon Thames"),
    ("E09000022", "Lambeth"),
    ("E09000023", "Lewisham"),
    ("E09000024", "Merton"),
    ("E09000025", "Newham"),
    ("E09000026", "Redbridge"),
    ("E09000027", "Richmond upon Thames"),
    ("E09000028", "Southwark"),
    ("E09000029", "Sutton"),
    ("E09000030", "Tower Hamlets"),
    ("E09000031", "Waltham Forest"),
    ("E09000032", "Wandsworth"),
    ("E09000033", "Westminster"),
]


def add_areas(apps, schema_editor):
    Area = apps.get_model("boroughs", "Area")
    code, name, slug = LONDON_WIDE
    Area.objects.update_or_create(code=code, defaults={"kind": "force", "name": name, "slug": slug})
    for code, name in BOROUGHS:
        Area.objects.update_or_create(
            code=code, defaults={"kind": "borough", "name": name, "slug": slugify(name)}
        )


class Migration(migrations.Migration):
    dependencies = [("boroughs", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
