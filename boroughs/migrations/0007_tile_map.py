"""Each borough's square on the London tile map (a rough geographic grid) and its abbreviation."""

from django.db import migrations

# code: (abbreviation, column, row)
TILES = {
    "E09000010": ("ENF", 4, 0),
    "E09000015": ("HRW", 2, 1), "E09000003": ("BAR", 3, 1), "E09000014": ("HGY", 4, 1),
    "E09000031": ("WFO", 5, 1),
    "E09000017": ("HIL", 0, 2), "E09000009": ("EAL", 1, 2), "E09000005": ("BRE", 2, 2),
    "E09000007": ("CMD", 3, 2), "E09000019": ("ISL", 4, 2), "E09000012": ("HCK", 5, 2),
    "E09000026": ("RDB", 6, 2), "E09000016": ("HAV", 7, 2),
    "E09000018": ("HNS", 0, 3), "E09000013": ("HMS", 1, 3), "E09000020": ("KEN", 2, 3),
    "E09000033": ("WST", 3, 3), "E09000030": ("TOW", 4, 3), "E09000025": ("NWM", 5, 3),
    "E09000002": ("BKD", 6, 3),
    "E09000027": ("RCH", 1, 4), "E09000032": ("WND", 2, 4), "E09000022": ("LAM", 3, 4),
    "E09000028": ("SWK", 4, 4), "E09000023": ("LEW", 5, 4), "E09000011": ("GRE", 6, 4),
    "E09000004": ("BXL", 7, 4),
    "E09000021": ("KNG", 1, 5), "E09000029": ("SUT", 2, 5), "E09000024": ("MRT", 3, 5),
    "E09000008": ("CRY", 4, 5), "E09000006": ("BRM", 5, 5),
}


def place(apps, schema_editor):
    Area = apps.get_model("boroughs", "Area")
    for code, (abbreviation, column, row) in TILES.items():
        Area.objects.filter(code=code).update(
            abbreviation=abbreviation, tile_column=column, tile_row=row
        )


class Migration(migrations.Migration):
    dependencies = [("boroughs", "0006_area_population_and_tiles")]

    operations = [migrations.RunPython(place, migrations.RunPython.noop)]
