"""fetch_recorded_crime: the police's next edition, fetched from an address (here a local
server), checked, imported or left alone when unchanged (issue 26, item 5)."""

import csv
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from performance.models import CrimeEdition, ReleasedOutcome

from .conftest import signed_in
from .html import text

pytestmark = pytest.mark.django_db

CATEGORIES = [
    ("BURGLARY", "BURGLARY IN A DWELLING"),
    ("ROBBERY", "ROBBERY OF PERSONAL PROPERTY"),
    ("VEHICLE OFFENCES", "THEFT FROM A VEHICLE"),
    ("VEHICLE OFFENCES", "THEFT OR UNAUTH TAKING OF A MOTOR VEH"),
    ("THEFT", "SHOPLIFTING"),
]


def months(first: tuple[int, int], count: int) -> list[str]:
    year, month = first
    out = []
    for _ in range(count):
        out.append(f"{year}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def edition(columns: list[str], revise: dict | None = None, categories=CATEGORIES) -> bytes:
    """A borough file in the police's layout since 2019: every count 10, except those
    ``revise`` gives as {(borough, minor, YYYYMM): count}."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["MajorText", "MinorText", "BoroughName", *columns])
    for borough in ("Havering", "Bexley", "Unknown"):
        for major, minor in categories:
            writer.writerow(
                [major, minor, borough]
                + [(revise or {}).get((borough, minor, c), 10) for c in columns]
            )
    return out.getvalue().encode()


class Served:
    body = b""
    etag = ""
    last_modified = ""
    status = 200
    asked: list[dict] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        Served.asked.append(dict(self.headers))
        if Served.status != 200:
            self.send_error(Served.status)
            return
        if Served.etag and self.headers.get("If-None-Match") == Served.etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        if Served.etag:
            self.send_header("ETag", Served.etag)
        if Served.last_modified:
            self.send_header("Last-Modified", Served.last_modified)
        self.send_header("Content-Length", str(len(Served.body)))
        self.end_headers()
        self.wfile.write(Served.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Served.asked, Served.status = [], 200
    yield f"http://127.0.0.1:{httpd.server_address[1]}/MPS%20Borough%20Level%20Crime.csv"
    httpd.shutdown()


def serve(body, etag, last_modified):
    Served.body, Served.etag, Served.last_modified = body, etag, last_modified


FIRST = months((2015, 4), 24)  # April 2015 to March 2017
SECOND = months((2016, 4), 24)  # a year later: revises 2016/17, adds 2017/18


def monthly_rows(client):
    return list(
        csv.DictReader(
            client.get("/data/boroughs/havering-monthly.csv").content.decode().splitlines()
        )
    )


def test_a_fetched_edition_waits_for_review_and_the_same_file_again_is_left_alone(
    server, client, administrator, capsys
):
    serve(edition(FIRST), '"v1"', "Wed, 05 Apr 2017 08:00:00 GMT")
    call_command("fetch_recorded_crime", server)
    out = capsys.readouterr().out
    assert "Imported as drafts" in out
    fetched = CrimeEdition.objects.get()
    assert str(fetched.published_on) == "2017-04-05"  # the file's Last-Modified day
    assert fetched.release is None and fetched.layout == "borough"
    signed_in(client, administrator)
    html = client.get("/admin/").content.decode()
    assert "A new edition of the police's figures is ready to review" in text(html)
    # One link to its review, for every year and every area, as an edition is published.
    review = "/admin/performance/release/add/?year=every&amp;area=all"
    assert f'<a href="{review}">A new edition' in html
    page = text(client.get(review.replace("&amp;", "&")).content.decode())
    assert "It also publishes the monthly counts of" in page
    # Served again unchanged: asked conditionally, and nothing imported.
    call_command("fetch_recorded_crime", server)
    assert Served.asked[-1].get("If-None-Match") == '"v1"'
    assert "unchanged since" in capsys.readouterr().out
    assert CrimeEdition.objects.count() == 1
    # The same content under a new ETag is still the same file.
    Served.etag = '"v1-again"'
    call_command("fetch_recorded_crime", server)
    assert "unchanged since" in capsys.readouterr().out


def test_a_later_edition_revises_with_its_cause_adds_months_and_loses_nothing(
    server, client, capsys
):
    serve(edition(FIRST), '"v1"', "Wed, 05 Apr 2017 08:00:00 GMT")
    call_command("fetch_recorded_crime", server, "--publish", "--reason", "The April edition")
    before = monthly_rows(client)
    assert {r["month"] for r in before} == {f"{c[:4]}-{c[4:]}" for c in FIRST}
    # A year later: June 2016's burglaries in Havering revised from 10 to 15.
    revised = edition(SECOND, {("Havering", "BURGLARY IN A DWELLING", "201606"): 15})
    serve(revised, '"v2"', "Thu, 05 Apr 2018 08:00:00 GMT")
    call_command("fetch_recorded_crime", server, "--publish", "--reason", "The April edition")
    assert "Published" in capsys.readouterr().out
    after = monthly_rows(client)
    months_after = {r["month"] for r in after}
    assert months_after == {f"{c[:4]}-{c[4:]}" for c in FIRST + SECOND}  # nothing lost
    june = next(
        r for r in after if r["measure"] == "residential-burglary" and r["month"] == "2016-06"
    )
    assert (june["count"], june["revised_from"], june["revised_in_edition"]) == (
        "15",
        "10",
        "2018-04-05",
    )
    outcome = ReleasedOutcome.objects.filter(
        area__slug="havering", measure_slug="residential-burglary", year__start_year=2016
    ).latest("release_at")
    assert outcome.result == 125 and outcome.revised
    assert "the police updated their figures in their edition of 5 April 2018" in outcome.revision
    # 2017/18 is a new year; serious acquisitive crime is its parts' sum.
    sac = ReleasedOutcome.objects.get(
        area__slug="havering", measure_slug="serious-acquisitive-crime", year__start_year=2017
    )
    assert sac.result == 4 * 12 * 10


def test_an_edition_older_than_one_released_changes_no_public_figure(server, client, capsys):
    serve(edition(SECOND), '"v2"', "Thu, 05 Apr 2018 08:00:00 GMT")
    call_command("fetch_recorded_crime", server, "--publish", "--reason", "The April edition")
    before = monthly_rows(client)
    late = edition(FIRST, {("Havering", "BURGLARY IN A DWELLING", "201606"): 99})
    serve(late, '"v1"', "Wed, 05 Apr 2017 08:00:00 GMT")
    with pytest.raises(CommandError, match="1 of 1 address"):
        call_command("fetch_recorded_crime", server, "--publish", "--reason", "Late")
    err = capsys.readouterr().err
    assert "edition of 5 April 2018 is already published" in err
    assert "would overwrite newer months, so it is refused" in err
    assert monthly_rows(client) == before
    assert CrimeEdition.objects.count() == 1


def test_an_address_that_fails_is_said_plainly(server, capsys):
    Served.status = 404
    with pytest.raises(CommandError, match="1 of 1 address"):
        call_command("fetch_recorded_crime", server)
    assert "answered 404" in capsys.readouterr().err
    with pytest.raises(CommandError, match="--publish needs --reason"):
        call_command("fetch_recorded_crime", server, "--publish")


def test_a_new_category_is_taken_in_only_where_it_cannot_hide_a_measure(server, client, capsys):
    serve(edition(FIRST), '"v1"', "Wed, 05 Apr 2017 08:00:00 GMT")
    call_command("fetch_recorded_crime", server, "--publish", "--reason", "The April edition")
    # A new kind of theft, under a major category that feeds no measure: total crime only.
    newer = [*CATEGORIES, ("THEFT", "THEFT OF A NEW KIND")]
    serve(edition(SECOND, categories=newer), '"v2"', "Thu, 05 Apr 2018 08:00:00 GMT")
    call_command("fetch_recorded_crime", server, "--publish", "--reason", "The April edition")
    out = capsys.readouterr().out
    assert "New categories, counted in total crime only and added to the category map" in out
    assert "THEFT › THEFT OF A NEW KIND" in out
    total = ReleasedOutcome.objects.get(
        area__slug="havering", measure_slug="total-crime", year__start_year=2017
    )
    assert total.result == 6 * 12 * 10  # its offences are in total crime
    # Theft from vehicles moved under THEFT would leave the measure with nothing: refused.
    moved = [c for c in CATEGORIES if c[1] != "THEFT FROM A VEHICLE"]
    moved.append(("THEFT", "THEFT FROM A VEHICLE"))
    serve(edition(months((2017, 4), 24), categories=moved), '"v3"', "Fri, 05 Apr 2019 08:00:00 GMT")
    with pytest.raises(CommandError):
        call_command("fetch_recorded_crime", server)
    err = capsys.readouterr().err
    assert "The edition has no theft from vehicles London-wide in any of its months" in err
    assert CrimeEdition.objects.count() == 2
    # A new major category is never taken in: it could be a measure's part renamed.
    serve(
        edition(months((2017, 4), 24), categories=[*CATEGORIES, ("VEHICLE CRIME", "NEW")]),
        '"v4"',
        "Fri, 05 Apr 2019 08:00:00 GMT",
    )
    with pytest.raises(CommandError):
        call_command("fetch_recorded_crime", server)
    assert "VEHICLE CRIME › NEW. Each is in a new major category" in capsys.readouterr().err
