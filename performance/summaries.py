"""Reads for the public pages: one area's year, computed by the rules in fixed queries.

Each page reads through the named QuerySet methods used here, so that a later
change (only published figures, say) is made in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from boroughs.models import LONDON_CODE, Area, UsefulContact
from performance.charts import TrendChart, trend_chart
from performance.models import BoroughSummary, Figure, FinancialYear, LondonSummary, Measure
from performance.publishing import corrections, published_entries, published_summary
from performance.rules import FigureBook, Outcome, Status, Unit, priority_text, year_label


@dataclass
class AreaYear:
    """What a page shows of one area in one year."""

    area: Area
    year: FinancialYear
    outcomes: list[Outcome]
    priorities: list[str]
    content: BoroughSummary | LondonSummary | None = None
    years: list[FinancialYear] = field(default_factory=list)
    trends: list[TrendChart] = field(default_factory=list)

    @property
    def next_year_label(self) -> str:
        return year_label(self.year.start_year + 1)

    @property
    def achieved(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Status.ACHIEVED]

    @property
    def missed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Status.MISSED]

    @property
    def other_outcomes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status not in (Status.ACHIEVED, Status.MISSED)]

    @property
    def extra_priorities(self) -> list[str]:
        text = getattr(self.content, "priorities_text", "") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def figure_book(area: Area, start_years, measures: list[Measure], *, draft=False) -> FigureBook:
    """The figures an area's page needs, with the rules' derived ones.

    The public sees released figures only; ``draft`` shows staff the working values,
    as they will look once published. London-wide pages need every borough's figures
    (for derived sums); a borough page needs only its own. Two queries either way.
    """
    if area.is_london:
        borough_codes = list(Area.objects.boroughs().values_list("code", flat=True))
        areas = None
    else:
        borough_codes = []
        areas = [area]
    slug_by_id = {m.pk: m.slug for m in measures}
    parts: dict[str, list[str]] = {}
    for m in measures:
        if m.part_of_id in slug_by_id:
            parts.setdefault(slug_by_id[m.part_of_id], []).append(m.slug)
    if draft:
        figures = Figure.objects.all()
        if start_years is not None:
            figures = figures.for_years(start_years)
        if areas is not None:
            figures = figures.for_areas(areas)
        entered = {
            (code, slug, y, kind): value for code, slug, y, kind, value in figures.as_entries()
        }
        revisions = {}
    else:
        entered, revisions = published_entries(start_years, areas)
    return FigureBook(
        entered,
        revisions=revisions,
        parts=parts,
        offence_measures=[m.slug for m in measures if m.unit == Unit.OFFENCES],
        borough_codes=borough_codes,
        london_code=LONDON_CODE,
    )


def borough_contacts(area: Area) -> list[UsefulContact]:
    return list(UsefulContact.objects.for_borough_page(area))


def borough_page_context(area: Area, year: FinancialYear, *, draft: bool = False) -> dict:
    """What a borough's year shows, on the page and in the printed leaflet alike."""
    return {
        "summary": area_year(area, year, draft=draft),
        "area": area,
        "groups": list(area.engagement_groups.all()),
        "contacts": borough_contacts(area),
        "corrections": [] if draft else corrections(year=year, area=area),
        "preview": draft,
    }


def area_year(area: Area, year: FinancialYear, *, draft: bool = False) -> AreaYear:
    """Outcomes and priorities for one area and year.

    A measure appears when a figure (result or target) is entered for it in this
    year; derived figures fill in its values, as docs/figures.md allows.
    """
    measures = list(Measure.objects.order_by("position", "name"))
    start = year.start_year
    # Every year's figures for the area, in the same two queries: the outcomes need this
    # year and the last, the trend charts all of them.
    book = figure_book(area, None, measures, draft=draft)
    shown = [m for m in measures if book.has_entered(area.code, m.slug, start)]
    outcomes = [book.outcome(m.spec, area.code, start) for m in shown]
    all_years = sorted({key[2] for key in book.entered})
    trends = [
        chart
        for m in shown
        if (
            chart := trend_chart(
                m.spec,
                {
                    y: (book.result(area.code, m.slug, y), book.target(area.code, m.slug, y))
                    for y in all_years
                    if y <= start
                },
            )
        )
    ]
    priorities = [
        priority_text(m.spec, target)
        for m in measures
        if (target := book.target(area.code, m.slug, start + 1)) is not None
    ]
    if draft:
        content = (
            LondonSummary.objects.filter(year=year).first()
            if area.is_london
            else BoroughSummary.objects.for_page(area, year)
        )
    elif area.is_london:
        content = published_summary(LondonSummary, year=year)
    else:
        content = published_summary(BoroughSummary, area=area, year=year)
    years = list(FinancialYear.objects.with_results_for(area))
    return AreaYear(
        area=area,
        year=year,
        outcomes=outcomes,
        priorities=priorities,
        content=content,
        years=years,
        trends=trends,
    )


@dataclass
class BoroughRow:
    area: Area
    outcome: Outcome

    @property
    def rate_per_thousand(self):
        """Offences per 1,000 residents, where the population is known."""
        result = self.outcome.result
        if result is None or not self.area.population or self.outcome.measure.unit != Unit.OFFENCES:
            return None
        return round(float(result) * 1000 / self.area.population, 1)


SORT_KEYS = {
    "borough": lambda row: row.area.name,
    "value": lambda row: row.outcome.result,
    "change": lambda row: row.outcome.change,
    "percent": lambda row: row.outcome.change_percent,
    "rate": lambda row: row.rate_per_thousand,
    "status": lambda row: row.outcome.status_label,
}


def borough_comparison(year: FinancialYear, measure: Measure, sort="borough", descending=False):
    """Every borough's outcome on one measure in a year, sorted; rows without a value last."""
    measures = list(Measure.objects.order_by("position", "name"))
    london = Area.objects.london()
    book = figure_book(london, [year.start_year - 1, year.start_year], measures)
    boroughs = list(Area.objects.boroughs())
    rows = [BoroughRow(b, book.outcome(measure.spec, b.code, year.start_year)) for b in boroughs]
    key = SORT_KEYS.get(sort, SORT_KEYS["borough"])
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return present + [r for r in rows if key(r) is None]


@dataclass
class CompareRow:
    measure: Measure
    borough: Outcome
    london: Outcome
    similar: list[Outcome]

    @property
    def similar_average(self):
        """The similar boroughs' average % change (or level), over those that have one."""
        values = [
            (o.change_percent if o.measure.target_kind == "change" else o.result)
            for o in self.similar
        ]
        values = [v for v in values if v is not None]
        if not values:
            return None
        return round(sum(float(v) for v in values) / len(values), 1)


def similar_boroughs(area: Area, boroughs: list[Area], count: int = 3) -> list[Area]:
    """The boroughs nearest in population (none when the population is not known)."""
    if not area.population:
        return []
    others = [b for b in boroughs if b.pk != area.pk and b.population]
    return sorted(others, key=lambda b: (abs(b.population - area.population), b.name))[:count]


def compare(area: Area, year: FinancialYear):
    """A borough beside London as a whole and beside boroughs of similar size, by measure."""
    measures = list(Measure.objects.order_by("position", "name"))
    london = Area.objects.london()
    boroughs = list(Area.objects.boroughs())
    similar = similar_boroughs(area, boroughs)
    book = figure_book(london, [year.start_year - 1, year.start_year], measures)
    start = year.start_year
    rows = [
        CompareRow(
            measure=m,
            borough=book.outcome(m.spec, area.code, start),
            london=book.outcome(m.spec, london.code, start),
            similar=[book.outcome(m.spec, b.code, start) for b in similar],
        )
        for m in measures
        if book.has_entered(area.code, m.slug, start)
    ]
    return rows, similar
