"""Public pages and API answers come from the shared cache, and publishing refreshes them."""

import contextlib

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from performance.models import Figure, PublishedVia
from performance.publication.writing import publish
from tests.factories import make_survey
from tests.html import form_fields

pytestmark = pytest.mark.django_db

CACHED = [
    "/",
    "/london/2009-10/",
    "/boroughs/havering/2009-10/",
    "/data/figures.csv",
    "/api/v1/boroughs/havering/performance/2009-10",
]


@pytest.mark.parametrize("url", CACHED)
def test_a_second_visit_is_served_from_the_cache_without_the_database(client, leaflet_figures, url):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200 and second.content == first.content
    assert len(queries) <= 2  # the session check for staff only; no figures read
    assert "Set-Cookie" not in second and "Cookie" not in second.get("Vary", "")


@pytest.mark.parametrize("url", CACHED)
def test_a_cached_answer_keeps_the_security_headers_of_the_first(client, leaflet_figures, url):
    first = client.get(url)
    second = client.get(url)
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Content-Type"):
        assert second[header] == first[header], header


def test_a_conditional_request_for_a_cached_page_gets_304(client, leaflet_figures):
    etag = client.get("/boroughs/havering/2009-10/")["ETag"]
    again = client.get("/boroughs/havering/2009-10/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_forms_are_never_cached_so_each_visitor_gets_their_own_csrf_token(client, db):
    survey = make_survey()
    first = client.get(f"/have-your-say/{survey.slug}/")
    client.cookies.clear()
    second = client.get(f"/have-your-say/{survey.slug}/")
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_the_benchmarks_bare_view_exists_only_when_asked_for(client, db):
    assert client.get("/bench/bare").status_code == 404


def correct_havering_burglary_2009_as_draft() -> Figure:
    """Havering's 2009/10 burglary count corrected from 1,880 to 1,890, not yet published."""
    figure = Figure.objects.get(
        area__code="E09000016",
        measure__slug="residential-burglary",
        year__start_year=2009,
        kind="result",
    )
    figure.value = 1890
    figure.correction_reason = "Late records"
    figure.save()
    return figure


def test_publishing_a_correction_refreshes_every_cached_page_at_once(client, leaflet_figures):
    before = {url: client.get(url).content for url in CACHED}
    figure = correct_havering_burglary_2009_as_draft()
    # A draft change is not public: cached pages stay as they were.
    assert (
        client.get("/boroughs/havering/2009-10/").content == before["/boroughs/havering/2009-10/"]
    )
    publish(year=figure.year, via=PublishedVia.ADMIN)
    assert "392 offences" in client.get("/boroughs/havering/2009-10/").content.decode()
    assert "1890" in client.get("/data/figures.csv").content.decode()
    assert (
        '"value": 1890'
        in client.get("/api/v1/boroughs/havering/performance/2009-10").content.decode()
    )


def test_a_page_cached_before_a_publication_commits_is_rebuilt_after_it(
    client, leaflet_figures, django_capture_on_commit_callbacks
):
    url = "/boroughs/havering/2009-10/"
    figure = Figure.objects.get(
        area__code="E09000016", measure__slug="robbery", year__start_year=2009, kind="result"
    )
    with django_capture_on_commit_callbacks(execute=True):
        figure.value += 1
        figure.correction_reason = "Late records"
        figure.save()
        publish(year=figure.year, via=PublishedVia.ADMIN)
        # Another visitor's request in this moment may still read the data from before
        # the commit (in production it would), and the page is cached.
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # The shared cache answers without the database; the view reads at least its stored page.
    assert queries, "the page cached before the commit was served after it"


def test_a_change_to_a_surveys_questions_reaches_its_form_at_once(client, staff_client):
    from consultation.models import Question

    survey = make_survey()
    address, to_questions = (
        f"/have-your-say/{survey.slug}/",
        {"step": "borough", "borough": "havering"},
    )
    assert "Do you feel safe?" in client.post(address, to_questions).content.decode()
    question = Question.objects.get(survey=survey, text="Do you feel safe?")
    url = f"/admin/consultation/question/{question.pk}/change/"
    fields = form_fields(staff_client.get(url).content.decode())
    fields["text"] = "Do you feel safe after dark?"
    assert staff_client.post(url, fields).status_code == 302
    page = client.post(address, to_questions).content.decode()
    assert "Do you feel safe after dark?" in page


def test_staff_are_never_served_a_cached_page(staff_client, leaflet_figures):
    # The page is in the shared cache once anyone without a session has read it.
    Client().get("/boroughs/havering/2009-10/")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/boroughs/havering/2009-10/")
    assert response.status_code == 200
    # Staff went past the shared cache to the database's copy of the released page.
    assert any("storedpage" in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def cache_down():
    """The production cache settings pointed at a Redis that is not there, then put back."""
    from django.conf import settings
    from django.core.cache import caches

    original = caches.settings
    caches._settings = caches.settings = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    with contextlib.suppress(AttributeError):
        del caches._connections.default
    yield
    caches._settings = caches.settings = original
    with contextlib.suppress(AttributeError):
        del caches._connections.default


def test_pages_still_serve_when_the_cache_is_down(client, leaflet_figures, cache_down):
    for url in CACHED:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "382 offences" in client.get("/boroughs/havering/2009-10/").content.decode()


def test_survey_answers_are_still_taken_when_the_cache_is_down(client, db, cache_down):
    from consultation.models import Response
    from tests.factories import good_answers

    survey = make_survey()
    response = client.post(f"/have-your-say/{survey.slug}/", good_answers(survey))
    assert response.status_code == 302
    assert Response.objects.count() == 1


def test_publishing_while_the_cache_is_down_is_not_an_error(db, leaflet_figures, cache_down):
    from performance.models import FinancialYear, Release

    figure = Figure.objects.get(
        area__code="E09000016",
        measure__slug="robbery",
        year__start_year=2009,
        kind="result",
    )
    figure.value += 1
    figure.correction_reason = "Late records"
    figure.save()
    before = Release.objects.count()
    publish(year=FinancialYear.objects.get(start_year=2009), via=PublishedVia.ADMIN)
    assert Release.objects.count() == before + 1


@pytest.mark.parametrize("url", CACHED)
def test_a_cached_page_does_not_answer_for_another_host(client, leaflet_figures, url):
    assert client.get(url).status_code == 200  # now cached
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"Havering" not in response.content


@pytest.mark.parametrize(
    "junk",
    ["?utm_source=mail", "?x=1&y=2", "?measure=no-such-measure", "?sort=drop-table&order=up"],
)
def test_a_query_string_no_view_reads_is_served_from_the_canonical_page(
    client, leaflet_figures, junk
):
    canonical = client.get("/london/2009-10/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/london/2009-10/" + junk)
    assert again.status_code == 200 and again.content == canonical.content
    # At most one query, for the names of the measures (read once, to check ?measure=);
    # rendering the page again takes a dozen.
    assert len(queries) <= 1, "a parameter the page ignores forced a new rendering"


def test_the_parameters_a_page_reads_still_choose_what_it_shows(client, leaflet_figures):
    default = client.get("/london/2009-10/").content
    chosen = client.get("/london/2009-10/?measure=robbery&sort=value&order=desc").content
    assert chosen != default
    assert client.get("/london/2009-10/?order=desc&sort=value&measure=robbery").content == chosen
    with CaptureQueriesContext(connection) as queries:
        client.get("/london/2009-10/?sort=value&measure=robbery&order=desc&utm=1")
    assert len(queries) == 0


def test_a_borough_renamed_in_the_admin_is_renamed_on_its_cached_page_at_once(
    client, staff_client, leaflet_figures
):
    from boroughs.models import Area

    assert "Havering" in client.get("/boroughs/havering/2009-10/").content.decode()  # cached
    havering = Area.objects.get(slug="havering")
    url = f"/admin/boroughs/area/{havering.pk}/change/"
    fields = form_fields(staff_client.get(url).content.decode())
    fields["name"] = "Havering (renamed)"
    assert staff_client.post(url, fields).status_code == 302
    assert "Havering (renamed)" in client.get("/boroughs/havering/2009-10/").content.decode()


def _reads_outcomes(queries) -> bool:
    """Whether the page was rendered from the release (its summary read), not read stored."""
    return any('FROM "performance_summaryversion"' in q["sql"] for q in queries)


def test_staff_are_served_the_borough_page_as_stored_at_its_publication(
    staff_client, leaflet_figures
):
    first = staff_client.get("/boroughs/havering/2009-10/")
    with CaptureQueriesContext(connection) as queries:
        second = staff_client.get("/boroughs/havering/2009-10/")
    assert second.content == first.content
    assert "382 offences or +25.5%" in second.content.decode()
    assert not _reads_outcomes(queries), "the stored page was rendered again"


def test_a_publication_replaces_the_stored_page_for_staff_too(staff_client, leaflet_figures):
    staff_client.get("/boroughs/havering/2009-10/")
    figure = correct_havering_burglary_2009_as_draft()
    assert "382 offences" in staff_client.get("/boroughs/havering/2009-10/").content.decode()
    publish(year=figure.year, via=PublishedVia.ADMIN)
    assert "392 offences" in staff_client.get("/boroughs/havering/2009-10/").content.decode()


def test_a_page_rendered_while_a_publication_lands_is_not_served_after_it(
    staff_client, leaflet_figures, monkeypatch
):
    from performance import views
    from sitewide.cache import invalidate_public_pages

    render = views.render

    def render_then_publish(*args, **kwargs):
        page = render(*args, **kwargs)  # read before the publication
        invalidate_public_pages()
        return page

    monkeypatch.setattr(views, "render", render_then_publish)
    staff_client.get("/boroughs/havering/2009-10/")
    monkeypatch.setattr(views, "render", render)
    with CaptureQueriesContext(connection) as queries:
        staff_client.get("/boroughs/havering/2009-10/")
    assert _reads_outcomes(queries), "a page rendered before the publication was served after it"


def test_each_choice_on_londons_page_is_stored_apart_and_a_publication_replaces_them(
    staff_client, leaflet_figures
):
    from sitewide.models import StoredPage

    staff_client.get("/london/2009-10/", {"measure": "residential-burglary", "utm": "x"})
    staff_client.get("/london/2009-10/", {"measure": "robbery"})
    # Each choice under its canonical address; what the page does not read is dropped.
    assert set(StoredPage.objects.values_list("address", flat=True)) == {
        "/london/2009-10/?measure=residential-burglary",
        "/london/2009-10/?measure=robbery",
    }
    figure = correct_havering_burglary_2009_as_draft()
    publish(year=figure.year, via=PublishedVia.ADMIN)
    # After a publication the page is built again from the releases, once.
    for built_again in (True, False):
        with CaptureQueriesContext(connection) as queries:
            staff_client.get("/london/2009-10/", {"measure": "residential-burglary"})
        assert _reads_outcomes(queries.captured_queries) is built_again


@pytest.mark.parametrize(
    "url",
    [
        "/boroughs/havering/2009-10/compare/",
        "/boroughs/havering/2009-10/compare/?with=bexley",
        "/london/2009-10/corrections/",
        "/boroughs/havering/2009-10/as-published/{today}/",
        "/london/2009-10/as-published/{today}/",
    ],
)
def test_every_kind_of_page_is_built_once_a_publication_then_read_stored(
    staff_client, leaflet_figures, url
):
    url = url.format(today=timezone.localdate().isoformat())  # the leaflet is released today
    with CaptureQueriesContext(connection) as first:
        built = staff_client.get(url)
    with CaptureQueriesContext(connection) as second:
        read = staff_client.get(url)
    assert read.status_code == 200 and read.content == built.content
    assert any("storedpage" in q["sql"] for q in second.captured_queries)
    assert len(second.captured_queries) < len(first.captured_queries) - 2, url
