"""Once a figure has been published, its area, measure, year and kind never change.

Published values are found by the figure they belong to, so moving a published figure
would move its public value with it at once. The admin shows the fields read-only and
Figure.clean refuses the change; this trigger makes the database refuse it too,
whatever writes it. A wrong figure is withdrawn and a new one entered.
"""

from django.db import migrations

MESSAGE = (
    "A published figure's area, measure, year and kind are fixed: withdraw it and "
    "enter a new figure."
)

SQLITE_UP = f"""
CREATE TRIGGER published_figure_identity_fixed
BEFORE UPDATE OF area_id, measure_id, year_id, kind ON performance_figure
FOR EACH ROW
WHEN (NEW.area_id IS NOT OLD.area_id OR NEW.measure_id IS NOT OLD.measure_id
      OR NEW.year_id IS NOT OLD.year_id OR NEW.kind IS NOT OLD.kind)
     AND EXISTS (SELECT 1 FROM performance_figureversion WHERE figure_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}');
END
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS published_figure_identity_fixed"

POSTGRESQL_UP = f"""
CREATE FUNCTION published_figure_identity_fixed() RETURNS trigger AS $$
BEGIN
    IF (NEW.area_id, NEW.measure_id, NEW.year_id, NEW.kind)
            IS DISTINCT FROM (OLD.area_id, OLD.measure_id, OLD.year_id, OLD.kind)
       AND EXISTS (SELECT 1 FROM performance_figureversion WHERE figure_id = OLD.id) THEN
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
    _run(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN})


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_alter_figure_options")]

    operations = [migrations.RunPython(forwards, backwards)]
