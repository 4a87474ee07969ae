"""Recorded crime by month: the year so far and the last 24 months, from the released edition."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import JSONField, Subquery

from boroughs.models import Area

from ..charts import MonthlyChart, monthly_chart
from ..models import (
    CrimeEdition,
    FinancialYear,
    MonthlyMeasureCount,
    Release,
    ReleasedOutcome,
)
from ..rules import (
    SeriesBreakNote,
    YearToDate,
    format_count,
    last_complete_year,
    month_label,
    months_break_notes,
    months_ending,
    year_to_date,
)
from .outcomes import latest_views, moment_or_now
from .years import measures_by_id

# The monthly trend shows this many months, each beside the same month a year earlier.
TREND_MONTHS = 24


@dataclass(frozen=True)
class MonthRow:
    label: str
    count: int
    year_before: int | None

    @property
    def count_text(self) -> str:
        return format_count(self.count)

    @property
    def year_before_text(self) -> str:
        return "–" if self.year_before is None else format_count(self.year_before)


@dataclass(frozen=True)
class MonthlyTrend:
    slug: str
    name: str
    months: list[MonthRow]
    chart: MonthlyChart | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearToDateRow:
    """A year to date, with the series breaks between the months it compares."""

    year_to_date: YearToDate
    notes: tuple[str, ...] = ()


@dataclass
class RecordedCrime:
    """What the latest released edition of the police's recorded crime says of an area
    after its last complete year: the year so far, and the last 24 months."""

    edition: CrimeEdition
    years_to_date: list[YearToDateRow]
    trends: list[MonthlyTrend]

    @property
    def edition_text(self) -> str:
        return f"{self.edition.published_on:%-d %B %Y}"


def released_edition(moment=None) -> CrimeEdition | None:
    """The latest edition released by then, with the series breaks released by then (as
    ``released_breaks``), in one query."""
    released_by = moment_or_now(moment)
    breaks = Release.objects.released(released_by).latest_series_breaks()
    return (
        CrimeEdition.objects.filter(release_at__lte=released_by)
        .annotate(released_breaks=Subquery(breaks, output_field=JSONField()))
        .order_by("-published_on")
        .first()
    )


def _monthly_counts(edition: CrimeEdition, area: Area, since: datetime.date):
    """{measure id: {(year, month): count}} for the area, from ``since``."""
    rows = MonthlyMeasureCount.objects.filter(
        edition=edition, area=area, month__gte=since
    ).values_list("measure_id", "month", "count")
    counts: dict[int, dict[tuple[int, int], int]] = {}
    for measure_id, month, count in rows:
        counts.setdefault(measure_id, {})[(month.year, month.month)] = count
    return counts


def recorded_crime(area: Area, year: FinancialYear, moment=None) -> RecordedCrime | None:
    """Shown on the page of the edition's last complete year: the months after it."""
    edition = released_edition(moment)
    if edition is None:
        return None
    last = (edition.last_month.year, edition.last_month.month)
    if last_complete_year(last) != year.start_year:
        return None
    shown = months_ending(last, TREND_MONTHS)
    # Read from a year before the first shown, to compare each month with.
    since = datetime.date(*months_ending(last, TREND_MONTHS + 12)[0], 1)
    counts = _monthly_counts(edition, area, since)
    measures = [m for m in measures_by_id().values() if m.pk in counts]
    partial = year.start_year + 1
    targets = {
        view.measure.slug: view.target
        for view in latest_views(
            ReleasedOutcome.objects.filter(area=area, year__start_year=partial), moment
        )
        if view.target is not None
    }
    breaks = [SeriesBreakNote.from_json(b) for b in edition.released_breaks or ()]
    trends, to_date = [], []
    for measure in measures:
        monthly = counts[measure.pk]
        # Each month shown is compared with the same month a year earlier.
        notes = months_break_notes(breaks, measure.slug, (since.year, since.month), last)
        ytd = year_to_date(measure.spec, monthly, partial, targets.get(measure.slug))
        if ytd is not None:
            to_date.append(YearToDateRow(ytd, notes))
        held = [m for m in shown if m in monthly]
        rows = [MonthRow(month_label(*m), monthly[m], monthly.get((m[0] - 1, m[1]))) for m in held]
        chart = monthly_chart(
            measure.name, held, [r.count for r in rows], [r.year_before for r in rows]
        )
        trends.append(
            MonthlyTrend(
                slug=measure.slug, name=measure.name, months=rows, chart=chart, notes=notes
            )
        )
    return RecordedCrime(edition=edition, years_to_date=to_date, trends=trends)


def monthly_figures(area: Area):
    """Every monthly count the latest released edition gives for an area, as
    (area, measure, month, count, edition) in the catalogue's order; none before one is
    released."""
    edition = released_edition()
    if edition is None:
        return []
    rows = (
        MonthlyMeasureCount.objects.filter(edition=edition, area=area)
        .select_related("measure")
        .order_by("measure__position", "month")
    )
    return [(area, row.measure, row.month, row.count, edition) for row in rows]
