"""How each figure is known: recorded, imputed, assumed or illustrative, where a single
"illustrative" flag said only whether a figure was made up. Figures flagged illustrative
keep that basis; every other figure was recorded as far as the database can tell (the demo
loader sets the leaflet's imputed levels and assumed targets)."""

from importlib import import_module

from django.db import migrations, models

_identity = import_module("performance.migrations.0005_published_figure_identity_fixed")
SQLITE_UP, SQLITE_DOWN = _identity.SQLITE_UP, _identity.SQLITE_DOWN


def from_flags(apps, schema_editor):
    for name in ("Figure", "FigureVersion", "HistoricalFigure"):
        model = apps.get_model("performance", name)
        model.objects.filter(illustrative=True).update(basis="illustrative")
    outcome = apps.get_model("performance", "ReleasedOutcome")
    outcome.objects.filter(illustrative=True).update(value_basis="illustrative")
    outcome.objects.exclude(target=None).filter(illustrative=True).update(
        target_basis="illustrative"
    )
    outcome.objects.exclude(target=None).filter(illustrative=False).update(target_basis="recorded")


def to_flags(apps, schema_editor):
    for name in ("Figure", "FigureVersion", "HistoricalFigure"):
        model = apps.get_model("performance", name)
        model.objects.filter(basis="illustrative").update(illustrative=True)
    outcome = apps.get_model("performance", "ReleasedOutcome")
    outcome.objects.filter(value_basis="illustrative").update(illustrative=True)


def keep_the_identity_trigger(apps, schema_editor):
    """SQLite drops a column by rebuilding the table, and the rebuild drops its triggers:
    put back the one that keeps a published figure's identity fixed (migration 0005)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
        schema_editor.execute(SQLITE_UP)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0017_editions_combined_by_month"),
    ]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="basis",
            field=models.CharField(
                choices=[
                    ("recorded", "recorded"),
                    ("imputed", "imputed"),
                    ("assumed", "assumed"),
                    ("illustrative", "illustrative"),
                ],
                default="recorded",
                help_text="Recorded: as its source published it. Imputed: worked back from a published change. Assumed: a target nobody published. Illustrative: made up for a demonstration. Pages, downloads and the API say it.",
                max_length=12,
                verbose_name="how it is known",
            ),
        ),
        migrations.AddField(
            model_name="figureversion",
            name="basis",
            field=models.CharField(
                choices=[
                    ("recorded", "recorded"),
                    ("imputed", "imputed"),
                    ("assumed", "assumed"),
                    ("illustrative", "illustrative"),
                ],
                default="recorded",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="historicalfigure",
            name="basis",
            field=models.CharField(
                choices=[
                    ("recorded", "recorded"),
                    ("imputed", "imputed"),
                    ("assumed", "assumed"),
                    ("illustrative", "illustrative"),
                ],
                default="recorded",
                help_text="Recorded: as its source published it. Imputed: worked back from a published change. Assumed: a target nobody published. Illustrative: made up for a demonstration. Pages, downloads and the API say it.",
                max_length=12,
                verbose_name="how it is known",
            ),
        ),
        migrations.AddField(
            model_name="releasedoutcome",
            name="target_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("recorded", "recorded"),
                    ("imputed", "imputed"),
                    ("assumed", "assumed"),
                    ("illustrative", "illustrative"),
                ],
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="releasedoutcome",
            name="value_basis",
            field=models.CharField(
                choices=[
                    ("recorded", "recorded"),
                    ("imputed", "imputed"),
                    ("assumed", "assumed"),
                    ("illustrative", "illustrative"),
                ],
                default="recorded",
                max_length=12,
            ),
        ),
        migrations.RunPython(from_flags, to_flags),
        migrations.RemoveField(
            model_name="figure",
            name="illustrative",
        ),
        migrations.RemoveField(
            model_name="figureversion",
            name="illustrative",
        ),
        migrations.RemoveField(
            model_name="historicalfigure",
            name="illustrative",
        ),
        migrations.RemoveField(
            model_name="releasedoutcome",
            name="illustrative",
        ),
        migrations.RunPython(keep_the_identity_trigger, migrations.RunPython.noop),
    ]
