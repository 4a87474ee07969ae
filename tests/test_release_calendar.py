"""The release calendar: a release scheduled by a command is announced on /releases/, in the
Atom feed and in the iCalendar file before its time, with nothing of what it holds."""

import datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from icalendar import Calendar

from performance.models import Release
from sitewide.cache import invalidate_public_pages

from .conftest import LEAFLET_CSV
from .html import text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def schedule_the_leaflet(days=3) -> datetime.datetime:
    when = (timezone.localtime() + datetime.timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    call_command(
        "import_figures",
        str(LEAFLET_CSV),
        "--publish",
        "--reason",
        "The printed summary",
        "--release-at",
        when.replace(tzinfo=None).isoformat(timespec="minutes"),
    )
    return when


def test_a_scheduled_release_is_announced_everywhere_with_nothing_it_holds(client):
    when = schedule_the_leaflet()
    said = f"{when:%-d %B %Y} at 9:30am"
    page = text(client.get("/releases/").content.decode())
    scheduled = page[page.index("Scheduled releases") : page.index("Past releases")]
    assert said in scheduled and "Figures for any year, every area" in scheduled
    # Its content is nowhere before its time: not its reason, not a figure.
    for address in ("/releases/", "/releases.atom", "/releases.ics", "/boroughs/havering/"):
        body = client.get(address).content.decode()
        # The figure as a number of its own: a timestamp's microseconds may hold "382".
        assert "The printed summary" not in body and not re.search(r"\b382\b", body), address
    assert client.get("/api/v1/years").json() == []

    feed = ElementTree.fromstring(client.get("/releases.atom").content)  # valid XML
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert f"Scheduled for {said}: Figures for any year, every area" in titles

    calendar = Calendar.from_ical(client.get("/releases.ics").content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert events[0].decoded("dtstart") == when
    assert "Scheduled for" in str(events[0]["summary"])

    # Once its time has come, it is a past release that says what it changed.
    Release.objects.update(release_at=timezone.now() - datetime.timedelta(minutes=1))
    invalidate_public_pages()  # as its time coming does (cached pages expire then)
    past = text(client.get("/releases/").content.decode()).split("Past releases")[1]
    assert "The printed summary." in past and "outcomes first published" in past


def test_pages_name_the_next_scheduled_release_and_past_ones_say_what_they_changed(client):
    call_command("import_figures", str(LEAFLET_CSV), "--publish", "--reason", "First")
    when = timezone.now() + datetime.timedelta(days=5)
    Release.objects.create(release_at=when, published_via="command", reason="Secret words")
    said = f"{timezone.localtime(when):%-d %B %Y}"
    for address in ("/boroughs/havering/2009-10/", "/london/2009-10/"):
        page = text(client.get(address).content.decode())
        assert f"Next scheduled release: {said}" in page, address
        assert "Secret words" not in page
    past = text(client.get("/releases/").content.decode()).split("Past releases")[1]
    assert "First." in past and "outcomes first published" in past


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--release-at", "2099-01-05T09:30"], "give --publish with it"),
        (["--publish", "--reason", "x", "--release-at", "tomorrow"], "is not a date and time"),
        (["--publish", "--reason", "x", "--release-at", "2001-01-05T09:30"], "has passed"),
    ],
)
def test_a_release_time_that_cannot_be_is_refused_with_nothing_written(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_figures", str(LEAFLET_CSV), *arguments)
    assert not Release.objects.exists()
