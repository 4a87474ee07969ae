"""Stored pages become stored answers: text with their headers, so downloads, the data
package and API answers are kept as pages are. What was stored is only a copy of what the
releases give, so it is dropped rather than converted: each answer is built again once."""

from django.db import migrations, models


def forget_stored_pages(apps, schema_editor):
    apps.get_model("sitewide", "StoredPage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("sitewide", "0001_initial")]

    operations = [
        migrations.RunPython(forget_stored_pages, migrations.RunPython.noop),
        migrations.RemoveField(model_name="storedpage", name="html"),
        migrations.AddField(
            model_name="storedpage",
            name="content",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="storedpage", name="headers", field=models.JSONField(default=dict)
        ),
    ]
