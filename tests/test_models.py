"""Reference data after migrate, and the rules the database itself holds."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from boroughs.models import LONDON_CODE, Area
from performance.models import Figure, FinancialYear, Measure

pytestmark = pytest.mark.django_db


def test_the_32_boroughs_and_london_wide_exist_after_migrate():
    boroughs = Area.objects.boroughs()
    assert boroughs.count() == 32
    codes = set(boroughs.values_list("code", flat=True))
    assert codes == {f"E09{n:06d}" for n in range(2, 34)}
    assert "E09000001" not in codes  # the City of London has its own police force
    assert Area.objects.get(code="E09000016").slug == "havering"
    assert Area.objects.london().code == LONDON_CODE


def test_the_measure_catalogue_exists_after_migrate():
    slugs = list(Measure.objects.values_list("slug", flat=True))
    assert len(slugs) == 19
    # The attitude survey's three questions, after public confidence.
    after = slugs[slugs.index("public-confidence") + 1 : slugs.index("victim-satisfaction")]
    assert after == ["good-job", "fair-treatment", "trust"]
    # The satisfaction gap's two groups, between victim satisfaction and the gap.
    between = slugs[slugs.index("victim-satisfaction") + 1 : slugs.index("victim-satisfaction-gap")]
    assert between == ["victim-satisfaction-white", "victim-satisfaction-bme"]
    assert slugs[:3] == ["total-crime", "serious-acquisitive-crime", "residential-burglary"]
    sac = Measure.objects.get(slug="serious-acquisitive-crime")
    assert sorted(sac.parts.values_list("slug", flat=True)) == [
        "residential-burglary",
        "robbery",
        "theft-from-vehicles",
        "theft-of-vehicles",
    ]
    gap = Measure.objects.get(slug="victim-satisfaction-gap")
    assert (gap.unit, gap.better, gap.target_kind) == ("points", "lower", "ceiling")


def test_the_leaflets_years_exist_after_migrate():
    assert [y.label for y in FinancialYear.objects.all()] == ["2008/09", "2009/10", "2010/11"]


def figure(measure_slug, kind, value, area_code="E09000016", start=2009):
    return Figure(
        area=Area.objects.get(code=area_code),
        measure=Measure.objects.get(slug=measure_slug),
        year=FinancialYear.objects.get(start_year=start),
        kind=kind,
        value=Decimal(value),
    )


@pytest.mark.parametrize(
    ("slug", "kind", "value"),
    [
        ("robbery", "result", "-1"),
        ("robbery", "target", "-101"),
        ("public-confidence", "result", "100.5"),
        ("public-confidence", "target", "-1"),
        ("victim-satisfaction-gap", "result", "101"),
    ],
)
def test_the_database_refuses_out_of_range_values_even_bypassing_validation(slug, kind, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        figure(slug, kind, value).save()


def test_the_database_holds_one_figure_per_area_measure_year_and_kind():
    figure("robbery", "result", "5").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure("robbery", "result", "6").save()


def test_a_figure_takes_its_unit_from_its_measure():
    saved = figure("public-confidence", "result", "50")
    saved.save()
    assert saved.unit == "percent"
