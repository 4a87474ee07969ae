"""Published versions name what they are of themselves (area, measure, year, kind) and carry
their release's time, so that they outlive a deleted figure and are read without joins."""

from django.db import migrations, models
import django.db.models.deletion
from importlib import import_module

_identity = import_module("performance.migrations.0005_published_figure_identity_fixed")
SQLITE_UP, SQLITE_DOWN = _identity.SQLITE_UP, _identity.SQLITE_DOWN


def fill(apps, schema_editor):
    FigureVersion = apps.get_model("performance", "FigureVersion")
    SummaryVersion = apps.get_model("performance", "SummaryVersion")
    for version in FigureVersion.objects.select_related("figure", "release"):
        figure = version.figure
        version.area_id, version.measure_id = figure.area_id, figure.measure_id
        version.year_id, version.kind = figure.year_id, figure.kind
        version.release_at = version.release.release_at
        version.save()
    for version in SummaryVersion.objects.select_related(
        "borough_summary", "london_summary__year", "release"
    ):
        if version.borough_summary_id:
            version.area_id = version.borough_summary.area_id
            version.year_id = version.borough_summary.year_id
        else:
            Area = apps.get_model("boroughs", "Area")
            version.area_id = Area.objects.get(code="E23000001").pk
            version.year_id = version.london_summary.year_id
        version.release_at = version.release.release_at
        version.save()


def restore_identity_trigger(apps, schema_editor):
    """SQLite rebuilds a table to add a column with a default (0007 adds
    ``Figure.illustrative``), and the rebuild drops the table's triggers: put back the one
    that fixes a published figure's identity. PostgreSQL keeps triggers across ALTER TABLE.
    Any later migration that alters ``performance_figure`` must do the same."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
        schema_editor.execute(SQLITE_UP)


class Migration(migrations.Migration):
    dependencies = [("performance", "0007_release_snapshots")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="figureversion",
            name="release_at",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="figureversion",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="boroughs.area"
            ),
        ),
        migrations.AlterField(
            model_name="figureversion",
            name="measure",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="performance.measure",
            ),
        ),
        migrations.AlterField(
            model_name="figureversion",
            name="year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="performance.financialyear",
            ),
        ),
        migrations.AlterField(
            model_name="figureversion",
            name="kind",
            field=models.CharField(
                choices=[("result", "Result"), ("target", "Target")], max_length=6
            ),
        ),
        migrations.AlterField(
            model_name="summaryversion",
            name="release_at",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="summaryversion",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="boroughs.area"
            ),
        ),
        migrations.AlterField(
            model_name="summaryversion",
            name="year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="performance.financialyear",
            ),
        ),
        migrations.RunPython(restore_identity_trigger, migrations.RunPython.noop),
    ]
