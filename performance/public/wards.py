"""Ward figures as released: a borough's wards on one table, and one ward's years and months.

Every figure comes from the ward editions released by now (a ward edition reaches the
public only through a release, as a borough edition does), read through each edition's
own category map and combined month by month. Reading a borough's wards is three queries
and a ward's page five, however many wards and editions there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from boroughs.models import Area, Ward

from ..charts import monthly_chart
from ..models import CrimeEdition, EditionRow, Layout, Measure
from ..rules import TOTAL_CRIME, format_count, month_label, months_ending, year_label, year_total
from ..rules.wards import (
    EditionShape,
    UnitSeries,
    WardMeasureYear,
    WardYear,
    category_series,
    combined_series,
    last_complete,
    unit_series,
    ward_years,
)
from .monthly import TREND_MONTHS, MonthlyTrend, MonthRow, combined_months
from .outcomes import moment_or_now
from .years import measures_by_id

# The measure beside total crime on a borough's table of wards.
BURGLARY = "residential-burglary"


def released_ward_editions(moment=None) -> list[CrimeEdition]:
    """The ward editions released by then, oldest first."""
    return list(
        CrimeEdition.objects.filter(
            release_at__lte=moment_or_now(moment), layout__in=Layout.WARD.same_level
        ).order_by("published_on")
    )


def _shape(edition: CrimeEdition) -> EditionShape:
    first = edition.first_month
    return EditionShape(
        first_month=(first.year, first.month),
        incomplete=frozenset(tuple(map(int, m.split("-"))) for m in edition.incomplete_months),
        category_map={
            (major.lower(), minor.lower()): slug for major, minor, slug in edition.category_map
        },
    )


def _totals() -> dict[str, tuple[str, ...]]:
    """Each total measure's parts (serious acquisitive crime: burglary, robbery, …)."""
    totals = Measure.objects.filter(parts__isnull=False).distinct().prefetch_related("parts")
    return {total.slug: tuple(part.slug for part in total.parts.all()) for total in totals}


def _series_by_ward(editions: list[CrimeEdition], rows) -> dict[str, UnitSeries]:
    """rows: (edition id, ward code, major, minor, counts). Each ward's combined series."""
    shapes = {edition.pk: _shape(edition) for edition in editions}
    grouped: dict[str, dict[int, list]] = {}
    for edition_id, code, major, minor, counts in rows:
        grouped.setdefault(code, {}).setdefault(edition_id, []).append((major, minor, counts))
    totals = _totals()
    return {
        code: combined_series(
            unit_series(shapes[edition.pk], per_edition[edition.pk], totals)
            for edition in editions
            if edition.pk in per_edition
        )
        for code, per_edition in grouped.items()
    }


def _categories_of_ward(editions: list[CrimeEdition], rows) -> UnitSeries:
    """rows: one ward's (edition id, ward code, major, minor, counts). Its offences by the
    police's major categories, combined over the editions."""
    per_edition: dict[int, list] = {}
    for edition_id, _, major, minor, counts in rows:
        per_edition.setdefault(edition_id, []).append((major, minor, counts))
    return combined_series(
        category_series(_shape(edition), per_edition[edition.pk])
        for edition in editions
        if edition.pk in per_edition
    )


def _rows(editions, **where):
    return EditionRow.objects.filter(edition__in=[e.pk for e in editions], **where).values_list(
        "edition_id", "ward_code", "category__major", "category__minor", "counts"
    )


def _order() -> list[str]:
    return [m.slug for m in measures_by_id().values()]


@dataclass(frozen=True)
class WardRow:
    """A ward on its borough's table: its last complete year."""

    ward: Ward
    year: WardYear

    @property
    def total(self):
        return self.year.measure(TOTAL_CRIME)

    @property
    def burglary(self):
        return self.year.measure(BURGLARY)


@dataclass(frozen=True)
class BoroughWards:
    area: Area
    start_year: int | None  # the latest year complete for the wards; None before any
    rows: list[WardRow]
    edition: CrimeEdition | None  # the latest ward edition released

    @property
    def year_label(self) -> str:
        return year_label(self.start_year) if self.start_year is not None else ""


WARD_SORT_KEYS = {
    "ward": lambda row: row.ward.name,
    "total": lambda row: row.total.value,
    "change": lambda row: (row.total.change is None, row.total.change or 0),
    "percent": lambda row: (row.total.change_percent is None, row.total.change_percent or 0),
    "burglary": lambda row: row.burglary.value if row.burglary else -1,
}


@dataclass(frozen=True)
class WardFigures:
    """A ward's released figures: each measure by month, and by year."""

    ward: Ward
    series: UnitSeries
    years: list[WardYear]


def ward_figures(area: Area) -> tuple[CrimeEdition | None, list[WardFigures]]:
    """The latest ward edition released, and each of a borough's wards with its figures,
    by name. Four queries."""
    editions = released_ward_editions()
    wards = {w.code: w for w in Ward.objects.filter(borough=area).select_related("borough")}
    by_ward = _series_by_ward(editions, _rows(editions, area=area)) if editions else {}
    order = _order()
    figures = [
        WardFigures(wards[code], series, ward_years(series, order))
        for code, series in by_ward.items()
        if code in wards
    ]
    figures.sort(key=lambda figure: figure.ward.name)
    return (editions[-1] if editions else None), figures


def borough_wards(area: Area, sort: str = "ward", descending: bool = False) -> BoroughWards:
    """Every ward of a borough with its latest complete year, sorted. Four queries."""
    edition, figures = ward_figures(area)
    latest = max(
        (y.start_year for figure in figures for y in figure.years if y.complete), default=None
    )
    rows = [
        WardRow(figure.ward, year)
        for figure in figures
        for year in figure.years
        if year.start_year == latest
    ]
    rows.sort(key=WARD_SORT_KEYS.get(sort, WARD_SORT_KEYS["ward"]), reverse=descending)
    return BoroughWards(area, latest, rows, edition)


@dataclass(frozen=True)
class WardPage:
    ward: Ward
    years: list[WardYear]  # oldest first
    measures: dict[str, Measure]  # the measures its years give, by slug, in order
    # The same years by the police's major categories ("Violence against the person"),
    # which between them make total crime.
    by_category: list[WardYear]
    months: MonthlyTrend  # total crime, the last 24 months
    # The borough's complete years as its own (borough) editions give them, beside the
    # ward's: {start year: {measure slug: count}}; a year they do not complete is absent.
    borough_years: dict[int, dict[str, int]]
    edition: CrimeEdition | None

    @property
    def latest(self) -> WardYear | None:
        return last_complete(self.years)

    @property
    def rows(self) -> list[tuple[str, list[tuple[str, WardMeasureYear]], WardMeasureYear]]:
        """The table by year: each measure's name, its (year label, figure) in each year,
        and its figure in the latest year (which carries the change on the year before)."""
        return [
            (
                m.name,
                [(y.label, y.measure(slug)) for y in self.years],
                self.years[-1].measure(slug),
            )
            for slug, m in self.measures.items()
        ]

    @property
    def category_rows(self) -> list[tuple[str, list[tuple[str, WardMeasureYear]], WardMeasureYear]]:
        """The table by the police's categories, shaped as ``rows``, largest first."""
        if not self.by_category:
            return []
        latest = self.by_category[-1]
        names = sorted((m.slug for m in latest.measures), key=lambda n: -latest.measure(n).value)
        return [
            (n, [(y.label, y.measure(n)) for y in self.by_category], latest.measure(n))
            for n in names
        ]

    @property
    def changed_year(self) -> WardYear | None:
        """The latest year with a change on the year before."""
        return next((y for y in reversed(self.years) if y.measures[0].change is not None), None)

    @property
    def beside_borough(self) -> list[tuple[WardYear, list[tuple[Measure, object, int]]]]:
        """Each year the borough's figures complete: (year, [(measure, ward's, borough's as
        text)])."""
        return [
            (
                year,
                [
                    (m, year.measure(slug), format_count(self.borough_years[year.start_year][slug]))
                    for slug, m in self.measures.items()
                    if slug in self.borough_years[year.start_year]
                ],
            )
            for year in self.years
            if year.start_year in self.borough_years
        ]

    @property
    def years_without_borough(self) -> list[str]:
        return [y.label for y in self.years if y.start_year not in self.borough_years]


def ward_names() -> list[tuple[str, str, str]]:
    """(code, name, borough's name) of every ward, for finding one by its name."""
    return list(Ward.objects.values_list("code", "name", "borough__name"))


def ward_names_by_borough() -> dict[str, list[str]]:
    """{borough slug: [ward code, …]}, for the sitemap."""
    wards: dict[str, list[str]] = {}
    for slug, code in Ward.objects.values_list("borough__slug", "code").order_by("code"):
        wards.setdefault(slug, []).append(code)
    return wards


def ward_of(code: str) -> Ward | None:
    return Ward.objects.select_related("borough").filter(code=code.upper()).first()


def _ward_record(ward: Ward):
    """The released ward editions (oldest first), the ward's rows of them, and its series
    combined over them. Two queries."""
    editions = released_ward_editions()
    rows = list(_rows(editions, ward_code=ward.code)) if editions else []
    return editions, rows, _series_by_ward(editions, rows).get(ward.code, {})


def ward_years_of(ward: Ward) -> tuple[CrimeEdition | None, list[WardYear]]:
    """The latest released ward edition and the ward's years by measure: what the API
    gives, without the page's chart, categories and borough figures. Two queries."""
    editions, _, series = _ward_record(ward)
    return (editions[-1] if editions else None), ward_years(series, _order())


def ward_page(ward: Ward) -> WardPage:
    """A ward's figures by year and month, with its borough's beside them. Five queries."""
    editions, rows, series = _ward_record(ward)
    order = _order()
    years = ward_years(series, order)
    categories = _categories_of_ward(editions, rows)
    by_category = ward_years(categories, sorted(categories), series.get(TOTAL_CRIME, {}))
    catalogue = {m.slug: m for m in measures_by_id().values()}
    measures = {slug: catalogue[slug] for slug in order if slug in series}
    borough = combined_months(ward.borough) if years else {}
    borough_years = {}
    for year in years:
        counts = {}
        for measure in measures.values():
            monthly = {m: value.count for m, value in borough.get(measure.pk, {}).items()}
            total = year_total(monthly, year.start_year)
            if total is not None:
                counts[measure.slug] = total
        if counts:
            borough_years[year.start_year] = counts
    return WardPage(
        ward=ward,
        years=years,
        measures=measures,
        by_category=by_category,
        months=_last_months(series.get(TOTAL_CRIME, {})),
        borough_years=borough_years,
        edition=editions[-1] if editions else None,
    )


def _last_months(monthly: dict[tuple[int, int], int]) -> MonthlyTrend:
    name = "Total notifiable offences"
    if not monthly:
        return MonthlyTrend(TOTAL_CRIME, name, [], None)
    shown = [m for m in months_ending(max(monthly), TREND_MONTHS) if m in monthly]
    rows = [MonthRow(month_label(*m), monthly[m], monthly.get((m[0] - 1, m[1]))) for m in shown]
    chart = monthly_chart(
        name, shown, [row.count for row in rows], [row.year_before for row in rows]
    )
    return MonthlyTrend(TOTAL_CRIME, name, rows, chart)
