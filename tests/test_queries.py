"""Each public page runs a fixed number of queries, however many measures, years and figures."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boroughs.models import Area, EngagementGroup, UsefulContact
from performance.models import BoroughSummary, Figure, FinancialYear, Measure

from .conftest import publish_everything

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/london/2009-10/",
    "/boroughs/havering/",
    "/boroughs/havering/2009-10/",
    "/boroughs/havering/2009-10/compare/",
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_lots_of_data():
    """Many more measures, years, figures, groups and contacts than the leaflet has."""
    years = [FinancialYear.objects.get_or_create(start_year=y)[0] for y in range(2000, 2012)]
    measures = list(Measure.objects.all())
    for n in range(30):
        measures.append(
            Measure.objects.create(
                slug=f"extra-{n}",
                name=f"Extra measure {n}",
                unit="offences",
                better="lower",
                target_kind="change",
            )
        )
    offence_measures = [m for m in measures if m.unit == "offences"]
    figures = []
    for area in Area.objects.all():
        for year in years:
            for measure in offence_measures:
                figures.append(
                    Figure(
                        area=area,
                        measure=measure,
                        year=year,
                        kind="result",
                        value=100,
                        unit="offences",
                    )
                )
                figures.append(
                    Figure(
                        area=area,
                        measure=measure,
                        year=year,
                        kind="target",
                        value=Decimal("-2"),
                        unit="offences",
                    )
                )
    Figure.objects.bulk_create(figures, ignore_conflicts=True)
    for area in Area.objects.boroughs():
        for year in years:
            BoroughSummary.objects.get_or_create(area=area, year=year)
        for n in range(5):
            EngagementGroup.objects.create(area=area, name=f"Group {n}")
            UsefulContact.objects.create(area=area, name=f"Contact {n}")
    for n in range(10):
        UsefulContact.objects.create(name=f"Pan-London {n}")
    publish_everything()


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_the_data(client, leaflet_figures, url):
    small = queries_for(client, url)
    add_lots_of_data()
    large = queries_for(client, url)
    assert large == small
    assert small <= 16


API = [
    "/api/v1/boroughs",
    "/api/v1/boroughs/havering",
    "/api/v1/measures",
    "/api/v1/years",
    "/api/v1/boroughs/havering/performance/2009-10",
    "/api/v1/london/performance/2009-10",
]


@pytest.mark.parametrize("url", API)
def test_api_query_count_does_not_grow_with_the_data(client, leaflet_figures, url):
    small = queries_for(client, url)
    add_lots_of_data()
    assert queries_for(client, url) == small
    assert small <= 16
