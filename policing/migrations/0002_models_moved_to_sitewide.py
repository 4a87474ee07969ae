"""The publication number and stored pages now belong to the sitewide app (its 0001), in
the same tables: only the record of whose models they are moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("policing", "0001_stored_pages"), ("sitewide", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StoredPage"),
                migrations.DeleteModel(name="Publication"),
            ],
            database_operations=[],
        )
    ]
