"""The publication number and stored pages, moved from the policing app (the project) to
this one: their tables stay as they are, only Django's record of whose models they are
changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("policing", "0001_stored_pages")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Publication",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("number", models.PositiveBigIntegerField(default=1)),
                    ],
                    options={"db_table": "policing_publication"},
                ),
                migrations.CreateModel(
                    name="StoredPage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("address", models.CharField(max_length=300, unique=True)),
                        ("publication", models.PositiveBigIntegerField()),
                        ("good_until", models.DateTimeField()),
                        ("rendered_at", models.DateTimeField()),
                        ("html", models.TextField()),
                    ],
                    options={"db_table": "policing_storedpage"},
                ),
            ],
            database_operations=[],
        )
    ]
