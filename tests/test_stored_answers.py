"""Every public answer (downloads, the data package and API answers as well as pages) is
built once a publication and then read back as stored, with the headers it was built with.

Staff pass the shared cache (they have a session), so their second visit shows what the
database keeps.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.models import PublishedVia
from performance.publication.writing import publish
from sitewide.models import StoredPage
from tests.test_cache import correct_havering_burglary_2009_as_draft

pytestmark = pytest.mark.django_db

ANSWERS = [
    "/data/figures.csv",
    "/data/boroughs/havering.csv",
    "/data/boroughs/havering-monthly.csv",
    "/data/datapackage.json",
    "/data/",
    "/api/v1/boroughs/havering/performance/2009-10",
    "/api/v1/london/performance/2009-10",
    "/api/v1/boroughs",
    "/api/v1/measures",
]


def _reads_figures(queries) -> bool:
    """Whether the answer was built from the releases, not read stored."""
    return any(
        table in q["sql"]
        for q in queries.captured_queries
        for table in (
            '"performance_summaryversion"',
            '"performance_figure',
            '"performance_measure"',
        )
    )


@pytest.mark.parametrize("url", ANSWERS)
def test_each_answer_is_built_once_a_publication_then_read_in_one_query(
    staff_client, leaflet_figures, url
):
    built = staff_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        read = staff_client.get(url)
    assert read.status_code == 200 and read.content == built.content
    assert len(queries.captured_queries) == 1 and not _reads_figures(queries)
    for header in ("Content-Type", "Content-Disposition", "Link", "Last-Modified"):
        assert read.get(header) == built.get(header), header


def test_a_download_read_stored_is_still_a_named_csv_file_under_the_licence(
    staff_client, leaflet_figures
):
    staff_client.get("/data/boroughs/havering.csv")
    read = staff_client.get("/data/boroughs/havering.csv")
    assert read["Content-Type"] == "text/csv; charset=utf-8"
    assert read["Content-Disposition"] == 'attachment; filename="havering.csv"'
    assert "licence" in read["Link"]
    assert read.content.decode().startswith("area_code,")


def test_a_publication_replaces_a_stored_api_answer(staff_client, leaflet_figures):
    url = "/api/v1/boroughs/havering/performance/2009-10"

    def burglary():
        answer = staff_client.get(url).json()
        return next(m for m in answer["measures"] if m["measure"] == "residential-burglary")

    assert burglary()["value"] == 1880
    figure = correct_havering_burglary_2009_as_draft()
    assert burglary()["value"] == 1880  # a draft is not public
    publish(year=figure.year, via=PublishedVia.ADMIN)
    assert burglary()["value"] == 1890


@pytest.mark.parametrize(
    "url",
    [
        "/boroughs/no-such-place/2009-10/",  # a 404
        "/api/v1/boroughs/no-such-place",  # an API 404
        "/boroughs/?q=Nowhere+at+all",  # a search: each wording would be a row
        "/boroughs/havering/?searched=Romford",  # how one search was read
    ],
)
def test_what_is_not_one_answer_for_everyone_is_not_stored(client, leaflet_figures, url):
    client.get(url)
    assert not StoredPage.objects.exists()


def test_a_stored_answer_is_not_served_to_a_host_the_site_does_not_serve(client, leaflet_figures):
    client.get("/api/v1/boroughs")
    assert StoredPage.objects.filter(address="/api/v1/boroughs").exists()
    response = client.get("/api/v1/boroughs", HTTP_HOST="evil.example", HTTP_COOKIE="sessionid=x")
    assert response.status_code == 400 and b"havering" not in response.content
