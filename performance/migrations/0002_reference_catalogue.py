"""The measure catalogue of docs/figures.md and the leaflet's financial years, as reference data.

Slugs are stable identifiers used in files and links: they never change.
"""

from django.db import migrations

# slug, name shown, unit, better when, target is
MEASURES = [
    ("total-crime", "Total notifiable offences", "offences", "lower", "change"),
    ("serious-acquisitive-crime", "Serious acquisitive crime", "offences", "lower", "change"),
    ("residential-burglary", "Residential burglary", "offences", "lower", "change"),
    ("robbery", "Total robbery", "offences", "lower", "change"),
    ("theft-from-vehicles", "Theft from vehicles", "offences", "lower", "change"),
    ("theft-of-vehicles", "Theft or taking of vehicles", "offences", "lower", "change"),
    ("most-serious-violence", "Most serious violence", "offences", "lower", "change"),
    ("serious-youth-violence", "Serious youth violence", "offences", "lower", "change"),
    ("knife-crime", "Knife crime", "offences", "lower", "change"),
    ("gun-crime", "Gun crime", "offences", "lower", "change"),
    ("public-confidence", "Public confidence in local policing", "percent", "higher", "level"),
    ("victim-satisfaction", "Victim satisfaction", "percent", "higher", "level"),
    (
        "victim-satisfaction-gap",
        "Satisfaction gap between White and BME victims",
        "points",
        "lower",
        "ceiling",
    ),
    ("sanction-detection-rate", "Sanction detection rate", "percent", "higher", "level"),
]

SERIOUS_ACQUISITIVE_PARTS = [
    "residential-burglary",
    "robbery",
    "theft-from-vehicles",
    "theft-of-vehicles",
]

YEARS = [2008, 2009, 2010]


def add_catalogue(apps, schema_editor):
    Measure = apps.get_model("performance", "Measure")
    FinancialYear = apps.get_model("performance", "FinancialYear")
    for position, (slug, name, unit, better, target_kind) in enumerate(MEASURES, start=1):
        Measure.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "unit": unit,
                "better": better,
                "target_kind": target_kind,
                "position": position * 10,
            },
        )
    parent = Measure.objects.get(slug="serious-acquisitive-crime")
    Measure.objects.filter(slug__in=SERIOUS_ACQUISITIVE_PARTS).update(part_of=parent)
    for start_year in YEARS:
        FinancialYear.objects.get_or_create(start_year=start_year)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
