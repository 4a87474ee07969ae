"""London at a glance (every borough on one measure) and a borough compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from boroughs.models import Area

from ..models import (
    FinancialYear,
    ReleasedOutcome,
)
from ..rules import (
    MeasureSpec,
    Population,
    Rate,
    Status,
    TargetKind,
    Unit,
    format_signed_percent,
    round_published,
    similar_to,
)
from .outcomes import OutcomeView, by_position, latest_views
from .populations import populations_in, rate_of


@dataclass
class BoroughRow:
    area: Area
    outcome: OutcomeView
    population: Population | None = None

    @property
    def rate(self) -> Rate | None:
        return rate_of(self.outcome, self.population)

    @property
    def rate_per_thousand(self):
        """Offences per 1,000 residents, where the population is known."""
        return None if self.rate is None else self.rate.per_1000

    @property
    def rate_text(self) -> str:
        return "–" if self.rate is None else self.rate.text


SORT_KEYS = {
    "borough": lambda row: row.area.name,
    "value": lambda row: row.outcome.result,
    "change": lambda row: row.outcome.change,
    "percent": lambda row: row.outcome.change_percent,
    "rate": lambda row: row.rate_per_thousand,
    "status": lambda row: row.outcome.status_label,
}


def borough_comparison(year: FinancialYear, measure: MeasureSpec, sort="borough", descending=False):
    """Every borough's outcome on one measure in a year, sorted; rows without a value last
    (a borough with nothing released shows as such)."""
    boroughs = {a.pk: a for a in Area.objects.boroughs()}
    views = latest_views(ReleasedOutcome.objects.filter(year=year, measure__slug=measure.slug))
    by_area = {v.area.pk: v for v in views}
    nothing = OutcomeView(
        measure=measure,
        position=0,
        year=year.start_year,
        result=None,
        previous=None,
        target=None,
        change=None,
        change_percent=None,
        status=Status.NOT_ASSESSED,
        result_text=f"No figures published for {year.label}",
    )
    populations = populations_in(year.start_year)
    rows = [
        BoroughRow(area, by_area.get(pk, nothing), populations.get(pk))
        for pk, area in boroughs.items()
    ]
    key = SORT_KEYS.get(sort, SORT_KEYS["borough"])
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return present + [r for r in rows if key(r) is None]


@dataclass
class CompareRow:
    measure: MeasureSpec
    borough: OutcomeView
    london: OutcomeView | None
    similar: list[OutcomeView | None]
    other: OutcomeView | None = None  # the borough chosen to compare with, if any
    # "borough", "london", "other": each one's population; "similar": theirs, in order.
    populations: dict = field(default_factory=dict)

    @property
    def borough_rate(self) -> Rate | None:
        return rate_of(self.borough, self.populations.get("borough"))

    @property
    def other_rate(self) -> Rate | None:
        return rate_of(self.other, self.populations.get("other"))

    @property
    def london_rate(self) -> Rate | None:
        return rate_of(self.london, self.populations.get("london"))

    @property
    def similar_rate(self) -> Decimal | None:
        """The similar boroughs' average rate per 1,000 residents, over those with one."""
        rates = [
            rate.per_1000
            for outcome, population in zip(
                self.similar, self.populations.get("similar", []), strict=False
            )
            if (rate := rate_of(outcome, population))
        ]
        return round_published(sum(rates) / len(rates)) if rates else None

    @property
    def similar_average_text(self) -> str:
        average = self.similar_average
        if average is None:
            return "–"
        if self.measure.target_kind == TargetKind.CHANGE:
            return format_signed_percent(average)
        return f"{average}{'%' if self.measure.unit == Unit.PERCENT else ''}"

    @property
    def similar_average(self):
        """The similar boroughs' average % change (or level), over those that have one."""
        values = [
            (o.change_percent if o.measure.target_kind == TargetKind.CHANGE else o.result)
            for o in self.similar
            if o is not None
        ]
        values = [v for v in values if v is not None]
        if not values:
            return None
        return round(sum(float(v) for v in values) / len(values), 1)


def similar_boroughs(area: Area, boroughs: list[Area], populations: dict) -> list[Area]:
    """The boroughs most like this one (rules.similar_to): none when its population is not
    known."""
    residents = {b.name: populations[b.pk].residents for b in boroughs if b.pk in populations}
    by_name = {b.name: b for b in boroughs}
    return [by_name[name] for name in similar_to(area.name, residents)]


def compare(area: Area, year: FinancialYear, other: Area | None = None):
    """A borough beside London as a whole, beside boroughs of similar size and beside
    ``other``, a borough the reader chose, by measure."""
    boroughs = list(Area.objects.boroughs())
    populations = populations_in(year.start_year)
    similar = similar_boroughs(area, boroughs, populations)
    london = Area.objects.london()
    wanted = [area.pk, london.pk, *(b.pk for b in similar), *([other.pk] if other else [])]
    views = latest_views(ReleasedOutcome.objects.filter(year=year, area_id__in=wanted))
    found = {(v.area.pk, v.measure.slug): v for v in views}
    rows = [
        CompareRow(
            measure=v.measure,
            borough=v,
            london=found.get((london.pk, v.measure.slug)),
            similar=[found.get((b.pk, v.measure.slug)) for b in similar],
            other=found.get((other.pk, v.measure.slug)) if other else None,
            populations={
                "similar": [populations.get(b.pk) for b in similar],
                "borough": populations.get(area.pk),
                "london": populations.get(london.pk),
                "other": populations.get(other.pk) if other else None,
            },
        )
        for v in by_position(v for v in views if v.area.pk == area.pk)
    ]
    return rows, similar
