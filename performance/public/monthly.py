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
    Layout,
    MonthlyMeasureCount,
    Release,
    ReleasedOutcome,
)
from ..rules import (
    SeriesBreakNote,
    YearToDate,
    combine_editions,
    format_count,
    last_complete_year,
    month_label,
    months_break_notes,
    months_ending,
    year_label,
    year_slug,
    year_to_date,
)
from .outcomes import end_of_day, latest_views, moment_or_now
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
    # The last complete year (2024 for 2024/25): the months shown come after it.
    complete_year: int
    years_to_date: list[YearToDateRow]
    trends: list[MonthlyTrend]

    @property
    def complete_year_slug(self) -> str:
        return year_slug(self.complete_year)

    @property
    def complete_year_label(self) -> str:
        return year_label(self.complete_year)

    @property
    def months_shown(self) -> int:
        return max((len(trend.months) for trend in self.trends), default=0)

    @property
    def edition_text(self) -> str:
        """ "1 January 2026", or "about 1 January 2026" where its day is not recorded."""
        return self.edition.day_text


BOROUGH_LAYOUTS = Layout.BOROUGH.same_level


def released_edition(moment=None) -> CrimeEdition | None:
    """The latest borough edition released by then, with the series breaks released by
    then (as ``released_breaks``), in one query."""
    released_by = moment_or_now(moment)
    breaks = Release.objects.released(released_by).latest_series_breaks()
    return (
        CrimeEdition.objects.filter(release_at__lte=released_by, layout__in=BOROUGH_LAYOUTS)
        .annotate(released_breaks=Subquery(breaks, output_field=JSONField()))
        .order_by("-published_on")
        .first()
    )


def combined_months(area: Area, moment=None):
    """{measure id: {(year, month): CombinedMonth}} for the area: every month the borough
    editions released by then give, each from the latest edition that gives it (its
    ``edition`` and ``revised_in`` are CrimeEditions). Two queries."""
    released_by = moment_or_now(moment)
    editions = {
        e.pk: e
        for e in CrimeEdition.objects.filter(
            release_at__lte=released_by, layout__in=BOROUGH_LAYOUTS
        )
    }
    rows = MonthlyMeasureCount.objects.filter(edition_id__in=editions, area=area)
    by_measure: dict[int, dict[int, dict[tuple[int, int], int]]] = {}
    for edition_id, measure_id, month, count in rows.values_list(
        "edition_id", "measure_id", "month", "count"
    ):
        by_measure.setdefault(measure_id, {}).setdefault(edition_id, {})[
            (month.year, month.month)
        ] = count
    oldest_first = sorted(editions.values(), key=lambda e: e.published_on)
    return {
        measure_id: combine_editions(
            (edition, per_edition[edition.pk])
            for edition in oldest_first
            if edition.pk in per_edition
        )
        for measure_id, per_edition in by_measure.items()
    }


def recorded_crime(area: Area, year: FinancialYear, moment=None) -> RecordedCrime | None:
    """Shown on the page of the last complete year: the months after it."""
    return _after_year(area, year.start_year, moment)


def year_to_date_of(area: Area, start_year: int, moment=None) -> RecordedCrime | None:
    """The year so far, asked for by its own year (2025/26): the months the released
    record gives of it, if it is the year after the last complete one."""
    return _after_year(area, start_year - 1, moment)


def latest_months(area: Area, as_of: datetime.date | None = None) -> RecordedCrime | None:
    """The months after the last complete year, whichever year the released record (as
    published on the day ``as_of``, if given) makes that: a borough's page of its last 24
    months."""
    return _after_year(area, None, end_of_day(as_of))


def _after_year(area: Area, complete_year: int | None, moment=None) -> RecordedCrime | None:
    edition = released_edition(moment)
    if edition is None:
        return None
    combined = combined_months(area, moment)
    if not combined:
        return None
    last = max(max(months) for months in combined.values())
    if complete_year is None:
        complete_year = last_complete_year(last)
    elif last_complete_year(last) != complete_year:
        return None
    shown = months_ending(last, TREND_MONTHS)
    # Read from a year before the first shown, to compare each month with.
    since = months_ending(last, TREND_MONTHS + 12)[0]
    counts = {
        measure_id: {m: value.count for m, value in months.items() if m >= since}
        for measure_id, months in combined.items()
    }
    measures = [m for m in measures_by_id().values() if m.pk in counts]
    partial = complete_year + 1
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
        notes = months_break_notes(breaks, measure.slug, since, last)
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
    return RecordedCrime(
        edition=edition, complete_year=complete_year, years_to_date=to_date, trends=trends
    )


@dataclass(frozen=True)
class MonthlyFigure:
    """A month of the released record: its count, the edition that gives it, and its last
    revision, if any."""

    area: Area
    measure: object
    month: datetime.date
    count: int
    edition: CrimeEdition
    revised_in: CrimeEdition | None
    revised_from: int | None


def monthly_figures(area: Area) -> list[MonthlyFigure]:
    """Every month the released editions give for an area, each from the latest edition
    that gives it, in the catalogue's order; none before one is released."""
    combined = combined_months(area)
    rows = []
    for measure in measures_by_id().values():
        for (year, month), value in combined.get(measure.pk, {}).items():
            rows.append(
                MonthlyFigure(
                    area,
                    measure,
                    datetime.date(year, month, 1),
                    value.count,
                    value.edition,
                    value.revised_in,
                    value.revised_from,
                )
            )
    return rows
