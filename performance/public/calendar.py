"""The release calendar: releases announced before they happen, and what each past one did.

A scheduled release is named by its time and scope only (which years, which areas): what
it holds stays unseen until its time, as for every other read. A past release says what it
changed: outcomes new, revised and withdrawn, words and contacts, editions, and why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from boroughs.models import Area

from ..models import Release
from ..rules import format_count, plural


@dataclass(frozen=True)
class CalendarEntry:
    pk: int
    release_at: datetime.datetime
    announced_at: datetime.datetime  # when it was scheduled (or made)
    scope: str  # "Figures for 2025/26, every area"
    scheduled: bool
    # Past releases only: what it changed, in words, and why.
    changes: tuple[str, ...] = ()
    reason: str = ""

    @property
    def when_text(self) -> str:
        local = timezone.localtime(self.release_at)
        return f"{local:%-d %B %Y} at {local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")

    @property
    def title(self) -> str:
        if self.scheduled:
            return f"Scheduled for {self.when_text}: {self.scope}"
        return f"Published {self.when_text}: {self.scope}"


def _scope(release: Release) -> str:
    years = f"figures for {release.year.label}" if release.year_id else "figures for any year"
    where = release.area.name if release.area_id else "every area"
    return f"{years[:1].upper()}{years[1:]}, {where}"


# What each count of a release's ``counts`` says, in the order the calendar gives them.
CHANGE_WORDS = [
    ("new", "outcome first published", "outcomes first published"),
    ("revised", "outcome revised", "outcomes revised"),
    ("withdrawn", "outcome withdrawn", "outcomes withdrawn"),
    ("words", "page of words", "pages of words"),
    ("contacts", "list of contacts", "lists of contacts"),
    (
        "editions",
        "edition of the police's recorded crime",
        "editions of the police's recorded crime",
    ),
]


def _changes(counts: dict) -> tuple[str, ...]:
    return tuple(
        f"{format_count(counts[key])} {plural(counts[key], one, many)}"
        for key, one, many in CHANGE_WORDS
        if counts.get(key)
    )


def _entry(release: Release, now) -> CalendarEntry:
    scheduled = release.release_at > now
    return CalendarEntry(
        pk=release.pk,
        release_at=release.release_at,
        announced_at=release.created_at,
        scope=_scope(release),
        scheduled=scheduled,
        changes=() if scheduled else _changes(release.counts),
        reason="" if scheduled else release.reason,
    )


def release_calendar(now=None) -> tuple[list[CalendarEntry], list[CalendarEntry]]:
    """(scheduled releases, soonest first; past releases, latest first). One query."""
    now = now or timezone.now()
    releases = Release.objects.select_related("year", "area").order_by("release_at", "pk")
    entries = [_entry(release, now) for release in releases]
    scheduled = [e for e in entries if e.scheduled]
    past = [e for e in reversed(entries) if not e.scheduled]
    return scheduled, past


def next_release(area: Area, now=None) -> CalendarEntry | None:
    """The next scheduled release that touches an area's page (its own, or every area's).
    One query."""
    now = now or timezone.now()
    release = (
        Release.objects.filter(release_at__gt=now)
        .filter(Q(area=area) | Q(area=None))
        .select_related("year", "area")
        .order_by("release_at", "pk")
        .first()
    )
    return _entry(release, now) if release else None
