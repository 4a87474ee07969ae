"""Every public answer (downloads, the data package and API answers as well as pages) is
built once a publication and then read back as stored, with the headers it was built with.

Staff pass the shared cache (they have a session), so their second visit shows what the
database keeps.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from performance.models import PublishedVia
from performance.publication.writing import publish
from sitewide.models import StoredPage
from tests.test_cache import correct_havering_burglary_2009_as_draft

pytestmark = pytest.mark.django_db

ANSWERS = [
    "/",
    "/london/2009-10/",
    "/london/2009-10/?measure=robbery",
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


def _publish_a_correction(django_capture_on_commit_callbacks):
    figure = correct_havering_burglary_2009_as_draft()
    with django_capture_on_commit_callbacks(execute=True):
        publish(year=figure.year, via=PublishedVia.ADMIN)


BUILD = "sitewide.warming.build_public_answers"


def test_a_publication_queues_the_worker_to_build_the_most_read_answers(
    leaflet_figures, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    _publish_a_correction(django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(task_path=BUILD).count() == 1
    assert DBTaskResult.objects.ready().filter(task_path=BUILD).count() == 1


def test_a_scheduled_release_queues_building_when_it_is_due_too(
    leaflet_figures, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    due = timezone.now() + datetime.timedelta(hours=2)
    figure = correct_havering_burglary_2009_as_draft()
    with django_capture_on_commit_callbacks(execute=True):
        publish(year=figure.year, via=PublishedVia.ADMIN, release_at=due)
    queued = DBTaskResult.objects.filter(task_path=BUILD)
    assert queued.count() == 2
    later = queued.exclude(pk__in=queued.ready())
    assert [task.run_after for task in later] == [due]


def test_the_worker_builds_the_most_read_answers_so_their_first_visitor_reads_them_stored(
    staff_client, leaflet_figures, django_capture_on_commit_callbacks, settings
):
    from sitewide.models import Publication
    from sitewide.warming import build_public_answers

    settings.SITE_URL = "http://policing.example"
    settings.ALLOWED_HOSTS = ["testserver", "policing.example"]
    staff_client.get("/boroughs/havering/2009-10/compare/")  # stored, then made stale
    _publish_a_correction(django_capture_on_commit_callbacks)
    build_public_answers.call(Publication.objects.get().number)

    for url in (
        "/",
        "/london/2009-10/",
        "/boroughs/havering/",
        "/api/v1/boroughs/havering/performance/2009-10",
        "/data/datapackage.json",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
        assert response.status_code == 200
        assert len(queries.captured_queries) == 1, f"{url} was built at its first request"
    burglary = staff_client.get("/api/v1/boroughs/havering/performance/2009-10").json()
    assert {"measure": "residential-burglary", "value": 1890}.items() <= next(
        m for m in burglary["measures"] if m["measure"] == "residential-burglary"
    ).items()
    # What an earlier publication stored is gone; the data package names the public site.
    assert not StoredPage.objects.filter(address__endswith="/compare/").exists()
    assert (
        '"homepage": "http://policing.example/data/"'
        in staff_client.get("/data/datapackage.json").text
    )
    assert StoredPage.objects.filter(address__regex=r"^/boroughs/[a-z-]+/$").count() == 32


def test_a_job_for_an_earlier_publication_builds_nothing(leaflet_figures):
    from sitewide.models import Publication
    from sitewide.warming import build_public_answers

    build_public_answers.call(Publication.objects.get().number - 1)
    assert not StoredPage.objects.exists()


def test_a_publication_that_fails_midway_changes_nothing_the_public_sees(
    client, leaflet_figures, monkeypatch
):
    from performance.models import FigureVersion, Release
    from performance.publication import writing

    url = "/api/v1/boroughs/havering/performance/2009-10"
    before = client.get(url).content
    releases, versions = Release.objects.count(), FigureVersion.objects.count()
    figure = correct_havering_burglary_2009_as_draft()
    write_outcomes = writing._write_outcomes

    def write_then_fail(*args):
        write_outcomes(*args)  # the figures and outcomes are written, then the server fails
        raise ConnectionError("the database went away")

    monkeypatch.setattr(writing, "_write_outcomes", write_then_fail)
    with pytest.raises(ConnectionError):
        publish(year=figure.year, via=PublishedVia.ADMIN)
    assert (Release.objects.count(), FigureVersion.objects.count()) == (releases, versions)
    StoredPage.objects.all().delete()  # built again from the releases: still as before
    assert client.get(url, HTTP_COOKIE="sessionid=x").content == before


@pytest.mark.parametrize("cookie", ["sessionid=x", "sessionid=made-up-session-key", "other=1"])
def test_any_cookie_a_visitor_sends_still_gets_the_answer_built_once(
    client, leaflet_figures, cookie
):
    client.get("/london/2009-10/", HTTP_COOKIE=cookie)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/london/2009-10/", HTTP_COOKIE=cookie)
    assert again.status_code == 200 and "Set-Cookie" not in again
    # Read stored (one query), or from the shared cache when there is no session cookie.
    assert len(queries.captured_queries) <= 1 and not _reads_figures(queries)


def test_a_deployment_reads_none_of_the_answers_the_code_before_it_built(
    staff_client, leaflet_figures, monkeypatch
):
    url = "/api/v1/boroughs/havering/performance/2009-10"
    built = staff_client.get(url).content
    StoredPage.objects.filter(address=url).update(content='{"said": "by the old code"}')
    assert b"by the old code" in staff_client.get(url).content  # kept until replaced
    monkeypatch.setattr("sitewide.stored.code_version", lambda: "0123456789abcdef")
    assert staff_client.get(url).content == built
    assert StoredPage.objects.get(address=url).built_by == "0123456789abcdef"


def test_the_code_version_changes_with_any_template_and_with_nothing_else(settings, tmp_path):
    from sitewide.code_version import code_version

    template = tmp_path / "page.html"
    template.write_text("<p>Before</p>")
    (tmp_path / "figures.csv").write_text("a,b\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.BASE_DIR = tmp_path.parent
    before = code_version.__wrapped__()
    assert code_version.__wrapped__() == before
    (tmp_path / "figures.csv").write_text("a,b\n1,2\n")  # data is not code
    assert code_version.__wrapped__() == before
    template.write_text("<p>After</p>")
    assert code_version.__wrapped__() != before


def test_a_new_deployment_s_first_worker_builds_the_most_read_answers_again(
    client, leaflet_figures, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    from sitewide import workers

    client.get("/api/v1/boroughs")  # stored by this code
    workers.worker_started()  # a worker restarted: nothing to build
    assert not DBTaskResult.objects.filter(task_path=BUILD).exists()
    monkeypatch.setattr("sitewide.warming.code_version", lambda: "0123456789abcdef")
    workers.worker_started()  # a worker of new code
    assert DBTaskResult.objects.filter(task_path=BUILD).count() == 1


GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("visitor", ["client", "staff_client"])
def test_an_answer_asked_for_compressed_is_compressed_once_and_served_as_kept(
    request, leaflet_figures, visitor
):
    """From the shared cache (anyone without a session) and from the database (staff): the
    same gzip bytes each time, where compressing on every request pads each differently."""
    import gzip

    browser = request.getfixturevalue(visitor)
    url = "/boroughs/havering/2009-10/"
    plain = browser.get(url).content
    first, again = browser.get(url, **GZIP), browser.get(url, **GZIP)
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == plain and again.content == first.content
    assert int(again["Content-Length"]) == len(again.content) < len(plain) / 3
    # Asked for as it is, it is not compressed, whichever was kept first.
    assert "Content-Encoding" not in browser.get(url) and browser.get(url).content == plain


def test_a_stored_answer_asked_for_compressed_is_read_compressed_in_one_query(
    staff_client, leaflet_figures
):
    url = "/data/boroughs/havering.csv"
    staff_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        read = staff_client.get(url, **GZIP)
    assert len(queries.captured_queries) == 1 and read["Content-Encoding"] == "gzip"
    assert read["Content-Type"].startswith("text/csv")
