"""A page "as published on" a day: what the public could read then, and never more; one
page per edition, however many days are asked for (issue 24, items 1 and 2)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from performance.models import FinancialYear, Measure, PublishedVia, Release
from performance.publication.writing import publish

from .conftest import LEAFLET_CSV
from .html import text
from .test_releases import correct, figure

pytestmark = pytest.mark.django_db

HAVERING_2009 = "/boroughs/havering/2009-10/"


def correct_burglary(value, reason):
    correct(figure(start=2009), value, reason)


def test_a_release_scheduled_for_later_today_is_in_no_edition_before_its_time(
    client, leaflet_figures
):
    correct_burglary(1882, "Scheduled correction, not yet due.")
    later = timezone.now() + datetime.timedelta(minutes=30)
    publish(year=FinancialYear.objects.get(start_year=2009), release_at=later)
    today = timezone.localdate().isoformat()
    for url in (
        f"{HAVERING_2009}as-published/{today}/",
        HAVERING_2009,
        "/london/2009-10/corrections/",
        "/api/v1/boroughs/havering/performance/2009-10",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        # The figure as a number of its own: a timestamp's microseconds may hold "1882".
        assert "1,882" not in page and not re.search(r"\b1882\b", page), url
        assert "Scheduled correction" not in page, url


def test_a_measure_is_in_the_api_only_once_a_release_out_has_published_it(client, leaflet_figures):
    gun_crime = Measure.objects.get(slug="gun-crime")
    gun_crime.name = "Gun-enabled crime"
    gun_crime.save()
    later = timezone.now() + datetime.timedelta(minutes=30)
    publish(release_at=later, reason="A renamed measure, scheduled.")
    names = {m["slug"]: m["name"] for m in client.get("/api/v1/measures").json()}
    assert names["gun-crime"] == "Gun crime"
    # A measure no release has published is not listed "as it stands".
    assert "victim-satisfaction-white" not in names


@pytest.fixture
def three_editions(db):
    """The leaflet's edition of 1 June 2010, and corrections on 1 September 2010 and
    1 March 2012, all released in the past."""
    from django.core.management import call_command

    call_command("import_figures", str(LEAFLET_CSV))
    moments = [datetime.datetime(*day, 9, 0, tzinfo=datetime.UTC) for day in (
        (2010, 6, 1), (2010, 9, 1), (2012, 3, 1))]  # fmt: skip
    for year in FinancialYear.objects.all():
        publish(year=year, release_at=moments[0], via=PublishedVia.COMMAND)
    for value, moment in ((1890, moments[1]), (1895, moments[2])):
        correct_burglary(value, f"Corrected to {value}.")
        publish(year=FinancialYear.objects.get(start_year=2009), release_at=moment)
    return moments


def test_any_day_leads_to_the_edition_the_public_saw_that_day(client, three_editions):
    for day, edition in (
        ("2010-07-15", "2010-06-01"),
        ("2010-09-01", "2010-09-01"),
        ("2011-12-31", "2010-09-01"),
        (timezone.localdate().isoformat(), "2012-03-01"),
    ):
        response = client.get(f"{HAVERING_2009}as-published/{day}/")
        if day == edition:
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert response["Location"] == f"{HAVERING_2009}as-published/{edition}/"
    shown = {
        "2010-06-01": "1,880",
        "2010-09-01": "1,890",
        "2012-03-01": "1,895",
    }
    for edition, value in shown.items():
        page = text(client.get(f"{HAVERING_2009}as-published/{edition}/").content.decode())
        assert value in page, edition
    # Before the first release there is nothing to show.
    assert client.get(f"{HAVERING_2009}as-published/2010-05-31/").status_code == 404
    london = client.get("/london/2009-10/as-published/2011-01-01/")
    assert london["Location"] == "/london/2009-10/as-published/2010-09-01/"


def test_a_thousand_days_make_no_more_pages_or_cache_entries_than_releases(client, three_editions):
    cache.clear()
    first = datetime.date(2010, 6, 1)
    landed = set()
    for offset in range(1000):
        day = first + datetime.timedelta(days=offset)
        response = client.get(f"{HAVERING_2009}as-published/{day}/", follow=True)
        assert response.status_code == 200
        landed.add(response.request["PATH_INFO"])
    releases = Release.objects.count()
    assert len(landed) <= releases
    cached = [key for key in cache._cache if "public-pages:" in key]  # the embedded cache
    assert len(cached) <= releases


def test_an_edition_leaves_out_what_was_not_kept_as_it_stood_and_says_so(client, three_editions):
    page = text(client.get(f"{HAVERING_2009}as-published/2010-09-01/").content.decode())
    assert "was not kept as it stood on 1 September 2010, so this copy leaves it out" in page
    current = text(client.get(HAVERING_2009).content.decode())
    assert "this copy leaves it out" not in current
