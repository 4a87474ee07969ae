"""Which years, pages and measure definitions are public."""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone

from boroughs.models import Area
from sitewide.cache import remember

from ..models import (
    FinancialYear,
    Measure,
    ReleasedOutcome,
)
from ..rules import (
    year_slug,
)
from .outcomes import RECENT_YEARS, moment_or_now


def released_definitions() -> dict[int, dict]:
    """Each measure's definition as the latest release out by now froze it; a measure no
    release has published is not in it."""
    return ReleasedOutcome.objects.released().definitions()


def measures_by_id() -> dict[int, Measure]:
    """The catalogue, in its order; kept until the next publication."""
    return remember(
        "measures-by-id", lambda: {m.pk: m for m in Measure.objects.order_by("position", "name")}
    )


def editions(area: Area, year: FinancialYear) -> list[datetime.date]:
    """The days a release changed this page's outcomes, oldest first, up to now."""
    moments = (
        ReleasedOutcome.objects.filter(area=area, year=year, release_at__lte=timezone.now())
        .values_list("release_at", flat=True)
        .distinct()
    )
    return sorted({timezone.localdate(moment) for moment in moments})


def public_years(area: Area | None = None, *, around: int | None = None, as_of=None):
    """The years with a released outcome (for an area, or anywhere), oldest first."""
    rows = ReleasedOutcome.objects.filter(release_at__lte=moment_or_now(as_of), withdrawn=False)
    if area is not None:
        rows = rows.filter(area=area)
    if around is not None:
        rows = rows.filter(
            year__start_year__range=(around - RECENT_YEARS + 1, around + RECENT_YEARS)
        )
    ids = rows.values_list("year_id", flat=True).distinct()
    return list(FinancialYear.objects.filter(pk__in=ids).order_by("start_year"))


def public_pages_of_years() -> list[tuple[str, str]]:
    """(area slug, year slug) of every area's year with a released outcome: the summary
    pages that exist, for the sitemap. One query."""
    rows = (
        ReleasedOutcome.objects.filter(release_at__lte=timezone.now(), withdrawn=False)
        .values_list("area__slug", "year__start_year")
        .distinct()
        .order_by("area__slug", "year__start_year")
    )
    return [(area, year_slug(start)) for area, start in rows]


def public_year(slug: str) -> FinancialYear | None:
    """The year at this address, if any outcome of it is public."""
    try:
        year = FinancialYear.objects.get_by_slug(slug)
    except FinancialYear.DoesNotExist:
        return None
    public = ReleasedOutcome.objects.filter(year=year, release_at__lte=timezone.now())
    return year if public.filter(withdrawn=False).exists() else None


def has_results(area: Area, year: FinancialYear) -> bool:
    """Whether any result of the area's year is public (not only targets)."""
    return ReleasedOutcome.objects.filter(
        area=area, year=year, release_at__lte=timezone.now(), withdrawn=False, result__isnull=False
    ).exists()


def latest_public_year(area: Area | None = None) -> FinancialYear | None:
    """The latest year with a released result (a year of targets alone is next year's)."""
    rows = ReleasedOutcome.objects.filter(
        release_at__lte=timezone.now(), withdrawn=False, result__isnull=False
    )
    if area is not None:
        rows = rows.filter(area=area)
    latest = rows.aggregate(latest=Max("year__start_year"))["latest"]
    return None if latest is None else FinancialYear.objects.get(start_year=latest)
