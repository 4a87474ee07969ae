"""Rates per 1,000 residents: which population a year's count is divided by, and the rate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import round_published

# A rate for a year more than this far from its population's year says so: the borough's
# population will have moved since.
FAR_FROM_POPULATION_YEARS = 3


@dataclass(frozen=True)
class Population:
    year: int  # the year it counts residents in: 2021 for the Census
    residents: int
    source: str  # "ONS Census 2021 (TS007A)"

    @property
    def residents_text(self) -> str:
        return f"{self.residents:,}"


def population_for(populations: list[Population], start_year: int) -> Population | None:
    """The population a financial year's rate uses: the one nearest the year (the later of
    two as near); None when there is none."""
    if not populations:
        return None
    return min(populations, key=lambda p: (abs(p.year - start_year), -p.year))


def london_population(by_borough: list[Population | None], start_year: int) -> Population | None:
    """London-wide, the sum of the boroughs' populations: only when every borough has one
    for the same year (so the sum is of one count)."""
    if not by_borough or any(p is None for p in by_borough):
        return None
    years = {p.year for p in by_borough}
    sources = {p.source for p in by_borough}
    if len(years) != 1:
        return None
    source = sources.pop() if len(sources) == 1 else "the boroughs' estimates"
    return Population(
        years.pop(), sum(p.residents for p in by_borough), f"the 32 boroughs, {source}"
    )


@dataclass(frozen=True)
class Rate:
    per_1000: Decimal
    population: Population
    start_year: int

    far_years = FAR_FROM_POPULATION_YEARS

    @property
    def far_from_population(self) -> bool:
        return abs(self.population.year - self.start_year) > FAR_FROM_POPULATION_YEARS

    @property
    def text(self) -> str:
        return f"{self.per_1000}"


def rate_per_1000(count: Decimal | None, population: Population | None, start_year: int):
    """Offences per 1,000 residents, to one decimal place; None without both."""
    if count is None or population is None:
        return None
    return Rate(
        round_published(Decimal(count) * 1000 / population.residents), population, start_year
    )
