"""Once a figure has been published, its area, measure, year and kind never change.

Published values are found by what the figure is of, so moving a published figure
would move its public value with it at once. The admin shows the fields read-only and
Figure.clean refuses the change; this trigger makes the database refuse it too,
whatever writes it. ``ever_published`` is set by publication and never unset (the
trigger refuses that as well). A wrong figure is withdrawn and a new one entered.
"""

from django.db import migrations, models

MESSAGE = (
    "A published figure's area, measure, year and kind are fixed: withdraw it and "
    "enter a new figure."
)

SQLITE_UP = f"""
CREATE TRIGGER published_figure_identity_fixed
BEFORE UPDATE ON performance_figure
FOR EACH ROW
WHEN OLD.ever_published AND (
    NEW.area_id IS NOT OLD.area_id OR NEW.measure_id IS NOT OLD.measure_id
    OR NEW.year_id IS NOT OLD.year_id OR NEW.kind IS NOT OLD.kind OR NOT NEW.ever_published
)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}');
END
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS published_figure_identity_fixed"

POSTGRESQL_UP = f"""
CREATE FUNCTION published_figure_identity_fixed() RETURNS trigger AS $$
BEGIN
    IF OLD.ever_published AND (
        (NEW.area_id, NEW.measure_id, NEW.year_id, NEW.kind)
            IS DISTINCT FROM (OLD.area_id, OLD.measure_id, OLD.year_id, OLD.kind)
        OR NOT NEW.ever_published
    ) THEN
        RAISE EXCEPTION '{MESSAGE.replace("'", "''")}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER published_figure_identity_fixed
BEFORE UPDATE ON performance_figure
FOR EACH ROW EXECUTE FUNCTION published_figure_identity_fixed();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS published_figure_identity_fixed ON performance_figure;
DROP FUNCTION IF EXISTS published_figure_identity_fixed();
"""


def _run(schema_editor, sql_by_vendor):
    sql = sql_by_vendor.get(schema_editor.connection.vendor)
    if sql is None:
        raise NotImplementedError(
            f"No trigger for {schema_editor.connection.vendor}: add one to this migration."
        )
    schema_editor.execute(sql)


def forwards(apps, schema_editor):
    Figure = apps.get_model("performance", "Figure")
    Figure.objects.filter(versions__isnull=False).update(ever_published=True)
    _run(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN})


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_alter_figure_options")]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="ever_published",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="historicalfigure",
            name="ever_published",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
