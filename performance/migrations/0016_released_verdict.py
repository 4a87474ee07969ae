"""Each released outcome keeps its plain-words verdict, as the page opens with it: frozen
with the release like the rest of its words, instead of worked out again on every read.
Outcomes released before this get the verdict their pages showed until now."""

from types import SimpleNamespace

from django.db import migrations, models

from performance.rules import MeasureSpec, in_plain_words


def freeze_verdicts(apps, schema_editor):
    ReleasedOutcome = apps.get_model("performance", "ReleasedOutcome")
    for row in ReleasedOutcome.objects.filter(withdrawn=False).iterator():
        shown = SimpleNamespace(
            measure=MeasureSpec(
                row.measure_slug, row.measure_name, row.unit, row.better, row.target_kind
            ),
            result=row.result,
            previous=row.previous,
            target=row.target,
            change=row.change,
            change_percent=row.change_percent,
            status=row.status,
            reason=row.reason,
        )
        row.verdict = in_plain_words(shown)
        row.save(update_fields=["verdict"])


class Migration(migrations.Migration):
    dependencies = [("performance", "0015_import_job_worker")]

    operations = [
        migrations.AddField(
            model_name="releasedoutcome",
            name="verdict",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(freeze_verdicts, migrations.RunPython.noop),
    ]
