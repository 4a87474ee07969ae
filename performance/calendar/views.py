"""The release calendar as a page, an Atom feed and an iCalendar file: the same entries."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar, Event

from sitewide.cache import cached_public

from .. import public

# A release is an instant; a calendar shows it as a short event.
EVENT_MINUTES = 15


@cached_public
def release_calendar(request):
    scheduled, past = public.release_calendar()
    return render(request, "performance/releases.html", {"scheduled": scheduled, "past": past})


def _entry_address(entry) -> str:
    return f"{reverse('performance:releases')}#release-{entry.pk}"


def _description(entry) -> str:
    if entry.scheduled:
        return (
            f"{entry.scope}: to be published {entry.when_text}. What it holds is public "
            "only from then."
        )
    changed = "; ".join(entry.changes) or "no change to any outcome"
    return f"{entry.scope}. {entry.reason} Changed: {changed}.".replace("  ", " ")


class ReleasesFeed(Feed):
    """Every release, scheduled and past, newest announcement first."""

    feed_type = Atom1Feed
    title = f"{settings.SERVICE_NAME}: release calendar"
    subtitle = "When figures will be published, and what each release changed."

    def link(self):
        return reverse("performance:releases")

    def items(self):
        scheduled, past = public.release_calendar()
        return sorted(scheduled + past, key=lambda e: e.release_at, reverse=True)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return _description(entry)

    def item_link(self, entry):
        return _entry_address(entry)

    def item_guid(self, entry):
        return f"release-{entry.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.announced_at

    def item_updateddate(self, entry):
        return (
            max(entry.announced_at, entry.release_at) if not entry.scheduled else entry.announced_at
        )


releases_atom = cached_public(ReleasesFeed())


@cached_public
def releases_ics(request):
    scheduled, past = public.release_calendar()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SERVICE_NAME}//release calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.SERVICE_NAME}: releases")
    host = request.get_host().split(":")[0]
    for entry in scheduled + past:
        event = Event()
        event.add("uid", f"release-{entry.pk}@{host}")
        event.add("summary", entry.title)
        event.add("description", _description(entry))
        event.add("dtstart", entry.release_at)
        event.add("dtend", entry.release_at + datetime.timedelta(minutes=EVENT_MINUTES))
        event.add("dtstamp", entry.announced_at)
        event.add("url", request.build_absolute_uri(_entry_address(entry)))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="releases.ics"'
    return response
