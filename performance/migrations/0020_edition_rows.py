"""An edition's counts kept a row of its file each (its months as a list), not a cell each:
a ward file is 18,669 rows but 466,725 cells. Counts already stored are regrouped."""

import django.db.models.deletion
from django.db import migrations, models


def regroup(apps, schema_editor):
    MonthlyCount = apps.get_model("performance", "MonthlyCount")
    EditionRow = apps.get_model("performance", "EditionRow")
    CrimeEdition = apps.get_model("performance", "CrimeEdition")
    for edition in CrimeEdition.objects.all():
        first = edition.first_month
        months = (edition.last_month.year - first.year) * 12 + edition.last_month.month
        months -= first.month - 1
        rows = {}
        cells = MonthlyCount.objects.filter(edition=edition).values_list(
            "unit_name", "ward_code", "area_id", "category_id", "month", "count"
        )
        for unit_name, ward_code, area_id, category_id, month, count in cells.iterator():
            key = (unit_name, ward_code, area_id, category_id)
            counts = rows.setdefault(key, [0] * months)
            counts[(month.year - first.year) * 12 + month.month - first.month] = count
        EditionRow.objects.bulk_create(
            [
                EditionRow(
                    edition=edition,
                    unit_name=unit_name,
                    ward_code=ward_code,
                    area_id=area_id,
                    category_id=category_id,
                    counts=counts,
                )
                for (unit_name, ward_code, area_id, category_id), counts in rows.items()
            ],
            batch_size=2000,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('boroughs', '0008_administrators_manage_authenticators'),
        ('performance', '0019_edition_fetches_and_maps'),
    ]

    operations = [
        migrations.CreateModel(
            name='EditionRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_name', models.CharField(help_text='The borough, ward or other unit, as published.', max_length=100)),
                ('ward_code', models.CharField(blank=True, max_length=9)),
                ('counts', models.JSONField()),
                ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='boroughs.area')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='source_rows', to='performance.sourcecategory')),
                ('edition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='source_rows', to='performance.crimeedition')),
            ],
        ),
        migrations.RunPython(regroup, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='MonthlyCount',
        ),
        migrations.AddConstraint(
            model_name='editionrow',
            constraint=models.UniqueConstraint(fields=('edition', 'unit_name', 'ward_code', 'category'), name='one_row_per_edition_unit_category'),
        ),
    ]
