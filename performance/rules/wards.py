"""Ward figures from the police's ward editions (docs/figures.md, "Wards").

A ward edition lists each ward's offences by the police's categories, month by month. A
ward's measure is the sum of the categories the edition's category map puts in it (total
crime is every category; a total such as serious acquisitive crime is the sum of its
parts). Months an edition's check found incomplete are no month of data: never counted,
never compared. Editions combine month by month as the borough's do (``combine_editions``).
A year with all twelve months is a complete year; a change is given only between two
complete years. Pure functions: no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .editions import combine_editions, counts_of
from .measures import TOTAL_CRIME
from .months import financial_year_of, months_of_year
from .numbers import format_count, format_signed_count, format_signed_percent, percent_change
from .years import year_label, year_slug

Month = tuple[int, int]
# {measure slug: {month: count}}
UnitSeries = dict[str, dict[Month, int]]


@dataclass(frozen=True)
class EditionShape:
    """What reading an edition's rows needs: its first month, the months its check found
    incomplete and its category map ({(major, minor) in lower case: measure slug or ""})."""

    first_month: Month
    incomplete: frozenset[Month]
    category_map: Mapping[tuple[str, str], str]


def unit_series(
    shape: EditionShape,
    rows: Iterable[tuple[str, str, list[int]]],
    totals: Mapping[str, tuple[str, ...]],
) -> UnitSeries:
    """One unit's (a ward's) measures month by month from its rows of one edition: rows are
    (major, minor, counts from the first month). ``totals``: each total measure's parts."""
    series: UnitSeries = {TOTAL_CRIME: {}}
    for major, minor, counts in rows:
        slug = shape.category_map.get((major.lower(), minor.lower()), "")
        for at, count in _months(shape, counts):
            for measure in (TOTAL_CRIME, slug) if slug else (TOTAL_CRIME,):
                monthly = series.setdefault(measure, {})
                monthly[at] = monthly.get(at, 0) + count
    months = series[TOTAL_CRIME].keys()
    # A measure the ward had no offences of is 0 in every month, not missing.
    for slug in set(shape.category_map.values()) - {""}:
        monthly = series.setdefault(slug, {})
        for at in months:
            monthly.setdefault(at, 0)
    for total, parts in totals.items():
        if all(part in series for part in parts):
            series[total] = {at: sum(series[part][at] for part in parts) for at in months}
    return series


def _months(shape: EditionShape, counts: list[int]):
    """(month, count) for each month of a row the edition's check did not find incomplete."""
    year, month = shape.first_month
    for offset, count in enumerate(counts):
        index = year * 12 + month - 1 + offset
        at = (index // 12, index % 12 + 1)
        if at not in shape.incomplete:
            yield at, count


# Initialisms in the police's category names, kept in capitals.
INITIALISMS = {"nfib": "NFIB"}


def category_name(major: str) -> str:
    """ "VIOLENCE AGAINST THE PERSON" → "Violence against the person"; "NFIB FRAUD" →
    "NFIB fraud"."""
    words = [INITIALISMS.get(word, word) for word in major.lower().split()]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]]) if words else major


def category_series(shape: EditionShape, rows: Iterable[tuple[str, str, list[int]]]) -> UnitSeries:
    """One unit's offences by the police's major categories (named as ``category_name``
    writes them), month by month, from its rows of one edition."""
    series: UnitSeries = {}
    for major, _, counts in rows:
        monthly = series.setdefault(category_name(major), {})
        for at, count in _months(shape, counts):
            monthly[at] = monthly.get(at, 0) + count
    return series


def combined_series(editions: Iterable[UnitSeries]) -> UnitSeries:
    """A unit's series from several editions, oldest first: each month from the latest
    edition that gives it."""
    per_measure: dict[str, list[dict[Month, int]]] = {}
    for series in editions:
        for slug, monthly in series.items():
            per_measure.setdefault(slug, []).append(monthly)
    return {
        slug: counts_of(combine_editions(enumerate(editions_of)))
        for slug, editions_of in per_measure.items()
    }


@dataclass(frozen=True)
class WardMeasureYear:
    slug: str
    value: int
    previous_value: int | None = None  # given only where both years are complete
    change: int | None = None
    change_percent: Decimal | None = None

    @property
    def value_text(self) -> str:
        return format_count(self.value)

    @property
    def change_text(self) -> str:
        return "–" if self.change is None else format_signed_count(self.change)

    @property
    def change_percent_text(self) -> str:
        return "–" if self.change_percent is None else format_signed_percent(self.change_percent)


@dataclass(frozen=True)
class WardYear:
    start_year: int
    months: int
    measures: tuple[WardMeasureYear, ...]

    @property
    def complete(self) -> bool:
        return self.months == 12

    @property
    def label(self) -> str:
        return year_label(self.start_year)

    @property
    def slug(self) -> str:
        return year_slug(self.start_year)

    def measure(self, slug: str) -> WardMeasureYear | None:
        return next((m for m in self.measures if m.slug == slug), None)


def year_count(monthly: Mapping[Month, int], start_year: int) -> tuple[int, int]:
    """(count, months given) of a financial year."""
    given = [monthly[m] for m in months_of_year(start_year) if m in monthly]
    return sum(given), len(given)


def ward_years(
    series: UnitSeries, order: Iterable[str], months: Mapping[Month, int] | None = None
) -> list[WardYear]:
    """Each financial year the series gives any month of, oldest first, with each measure
    (in ``order``) and, where this year and the one before are complete, the change.
    ``months``: the months the unit has data for (by default, total crime's)."""
    months = series.get(TOTAL_CRIME, {}) if months is None else months
    starts = sorted({financial_year_of(*m) for m in months})
    slugs = [slug for slug in order if slug in series]
    years = []
    for start in starts:
        given = year_count(months, start)[1]
        before_complete = year_count(months, start - 1)[1] == 12
        measures = []
        for slug in slugs:
            value = year_count(series[slug], start)[0]
            if given == 12 and before_complete:
                previous = year_count(series[slug], start - 1)[0]
                measures.append(
                    WardMeasureYear(
                        slug, value, previous, value - previous, percent_change(previous, value)
                    )
                )
            else:
                measures.append(WardMeasureYear(slug, value))
        years.append(WardYear(start, given, tuple(measures)))
    return years


def last_complete(years: Iterable[WardYear]) -> WardYear | None:
    return next((y for y in sorted(years, key=lambda y: -y.start_year) if y.complete), None)
