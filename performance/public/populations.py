"""Populations as released (ContentKind.POPULATION), for rates per 1,000 residents."""

from __future__ import annotations

from boroughs.models import Area, AreaKind

from ..models import ContentKind, ContentVersion
from ..rules import Population, Rate, Unit, london_population, population_for, rate_per_1000
from .outcomes import OutcomeView, moment_or_now


def estimates_from(data: list[dict]) -> list[Population]:
    """A released list of estimates (ContentVersion.data) as populations."""
    return [Population(d["year"], d["population"], d["source"]) for d in data]


def released_populations(as_of=None, area: Area | None = None) -> dict[int, list[Population]]:
    """Each borough's population estimates (or ``area``'s alone) as the latest release by
    ``as_of`` gave them, by area id. One query."""
    versions = ContentVersion.objects.filter(
        kind=ContentKind.POPULATION, release_at__lte=moment_or_now(as_of)
    )
    if area is not None:
        versions = versions.filter(area=area)
    versions = versions.order_by("area_id", "-release_at", "-pk").values_list("area_id", "data")
    found: dict[int, list[Population]] = {}
    for area_id, data in versions:
        if area_id not in found:
            found[area_id] = estimates_from(data)
    return found


def population_sources(as_of=None) -> list[Population]:
    """Each source and year of the populations released, once (its residents London-wide,
    the sum over the boroughs), for the open data page."""
    totals: dict[tuple[str, int], int] = {}
    for estimates in released_populations(as_of).values():
        for p in estimates:
            totals[(p.source, p.year)] = totals.get((p.source, p.year), 0) + p.residents
    return [
        Population(year, residents, source) for (source, year), residents in sorted(totals.items())
    ]


def populations_in(start_year: int, as_of=None) -> dict[int, Population]:
    """Each area's population for a financial year's rates, by area id: each borough's
    nearest estimate as released, and London-wide's the sum of the 32 (when all have one)."""
    return populations_by_year([start_year], as_of)[start_year]


def populations_by_year(start_years, as_of=None) -> dict[int, dict[int, Population]]:
    """populations_in for each of several years, in two queries however many."""
    released = released_populations(as_of)
    # The boroughs and London-wide in one query.
    areas = dict(Area.objects.values_list("pk", "kind"))
    boroughs = [pk for pk, kind in areas.items() if kind == AreaKind.BOROUGH]
    by_year = {}
    for start_year in start_years:
        chosen = {pk: population_for(released.get(pk, []), start_year) for pk in boroughs}
        for london in (pk for pk, kind in areas.items() if kind == AreaKind.FORCE):
            chosen[london] = london_population([chosen[pk] for pk in boroughs], start_year)
        by_year[start_year] = {pk: p for pk, p in chosen.items() if p is not None}
    return by_year


def population_of(area: Area, start_year: int, as_of=None) -> Population | None:
    """One area's population for a financial year's rates: a borough's in one query."""
    if area.is_london:
        return populations_in(start_year, as_of).get(area.pk)
    return population_for(released_populations(as_of, area).get(area.pk, []), start_year)


def rate_of(outcome: OutcomeView | None, population: Population | None) -> Rate | None:
    """An offence measure's result per 1,000 residents, where the population is known."""
    if outcome is None or outcome.measure.unit != Unit.OFFENCES:
        return None
    return rate_per_1000(outcome.result, population, outcome.year)
