"""A borough's last 24 months, measure by measure, on a page of their own: linked from the
year's page (whose year to date they follow), as published on a day too."""

import datetime

import pytest
from django.utils import timezone

from performance.publication.writing import publish
from performance.recorded_crime.importing import import_recorded_crime

from .html import text
from .test_queries import queries_for
from .test_recorded_crime import crime_file, row

pytestmark = pytest.mark.django_db

MONTHS = "/boroughs/havering/months/"
JULY = datetime.datetime(2016, 7, 2, 9, 0, tzinfo=datetime.UTC)
JANUARY = datetime.datetime(2017, 1, 27, 9, 0, tzinfo=datetime.UTC)


def months_from_april_2015(count):
    months = [(2015 + (3 + n) // 12, (3 + n) % 12 + 1) for n in range(count)]
    return [f"{year}{month:02d}" for year, month in months]


def release(months, burglaries, edition_of, moment):
    rows = [row("Havering", "Burglary", "Burglary in a Dwelling", burglaries, len(months))]
    report = import_recorded_crime(crime_file(rows, months), edition_of=edition_of)
    assert report.ok, report.problems
    publish(reason=f"The police's edition of {edition_of:%-d %B %Y}", release_at=moment)


@pytest.fixture
def two_editions(db):
    """July 2016's edition (April 2015 to June 2016, 10 burglaries a month), then January
    2017's (to December 2016, revising every month to 11), both released in the past."""
    release(months_from_april_2015(15), 10, datetime.date(2016, 7, 1), JULY)
    release(months_from_april_2015(21), 11, datetime.date(2017, 1, 26), JANUARY)


def burglary_table(page: str) -> list[str]:
    table = page.split("Residential burglary by month, as a table")[1].split("</table>")[0]
    return text(table).split()


def test_the_month_by_month_page_shows_every_month_of_the_latest_edition(client, two_editions):
    response = client.get(MONTHS)
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert "Crime month by month" in page
    assert "over the last 21 months" in page and "edition of 26 January 2017" in page
    cells = burglary_table(html)
    first = cells.index("April")
    assert cells[first : first + 4] == ["April", "2015", "11", "–"]
    assert cells[-4:] == ["December", "2016", "11", "11"]
    assert cells.count("11") == 21 + 9  # each month, and each known a year earlier
    assert 'href="#monthly-residential-burglary"' in html
    assert 'href="/data/boroughs/havering-monthly.csv"' in html
    # Back to the summary whose year to date the months follow.
    assert 'href="/boroughs/havering/2015-16/#so-far"' in html


def test_a_page_as_published_links_to_the_months_as_published_that_day(client, two_editions):
    year_page = client.get("/boroughs/havering/2015-16/as-published/2016-07-02/")
    assert year_page.status_code == 200
    assert 'href="/boroughs/havering/months/as-published/2016-07-02/"' in year_page.text
    assert 'href="/boroughs/havering/2015-16/">See the figures as they are now' in year_page.text
    # Any day leads to the edition the public saw that day.
    response = client.get("/boroughs/havering/months/as-published/2016-08-15/")
    assert response.status_code == 302
    assert response["Location"] == "/boroughs/havering/months/as-published/2016-07-02/"
    html = client.get(response["Location"]).content.decode()
    page = text(html)
    assert "as it was published on 2 July 2016" in page
    assert "over the last 15 months" in page and "edition of 1 July 2016" in page
    cells = burglary_table(html)
    assert "11" not in cells and cells.count("10") == 15 + 3
    assert 'href="/boroughs/havering/2015-16/as-published/2016-07-02/#so-far"' in html
    assert 'href="/boroughs/havering/months/">See the figures as they are now' in html


def test_before_any_edition_there_is_no_page_as_published_and_no_months(client, db):
    before = client.get("/boroughs/havering/months/as-published/2016-01-01/")
    assert before.status_code == 404
    assert "Nothing on this page had been published by 1 January 2016" in before.text
    later = timezone.localdate() + datetime.timedelta(days=2)
    assert client.get(f"{MONTHS}as-published/{later}/").status_code == 404
    page = text(client.get(MONTHS).content.decode())
    assert "month-by-month figures for Havering have not been published here yet" in page
    assert client.get("/boroughs/gotham/months/").status_code == 404


def test_the_months_page_reads_as_many_queries_however_many_editions(client, db):
    release(months_from_april_2015(15), 10, datetime.date(2016, 7, 1), JULY)
    one = queries_for(client, MONTHS)
    release(months_from_april_2015(21), 11, datetime.date(2017, 1, 26), JANUARY)
    assert queries_for(client, MONTHS) == one <= 12


def test_the_sitemap_and_the_worker_list_each_borough_s_months_once_an_edition_is_out(
    client, two_editions
):
    from performance.addresses import most_read_addresses

    assert MONTHS in most_read_addresses()
    assert f"<loc>http://testserver{MONTHS}</loc>" in client.get("/sitemap.xml").text
