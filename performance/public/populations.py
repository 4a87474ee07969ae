"""Populations as released (ContentKind.POPULATION), for rates per 1,000 residents."""

from __future__ import annotations

from ..models import ContentKind, ContentVersion
from ..rules import Population
from .outcomes import moment_or_now


def released_populations(as_of=None) -> dict[int, list[Population]]:
    """Each borough's population estimates as the latest release by ``as_of`` gave them,
    by area id. One query."""
    versions = (
        ContentVersion.objects.filter(
            kind=ContentKind.POPULATION, release_at__lte=moment_or_now(as_of)
        )
        .order_by("area_id", "-release_at", "-pk")
        .values_list("area_id", "data")
    )
    found: dict[int, list[Population]] = {}
    for area_id, data in versions:
        if area_id not in found:
            found[area_id] = [Population(d["year"], d["population"], d["source"]) for d in data]
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
