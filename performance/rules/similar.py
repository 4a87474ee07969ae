"""Similar boroughs: no official "most similar group" list for London is available here, so
the site states its own method (on /data/): the boroughs on the same side of the Inner /
Outer London line whose populations are nearest."""

from __future__ import annotations

# The Office for National Statistics' statistical definition of Inner London, less the
# City of London (policed by its own force, not covered here).
INNER_LONDON = frozenset(
    {
        "Camden",
        "Hackney",
        "Hammersmith and Fulham",
        "Haringey",
        "Islington",
        "Kensington and Chelsea",
        "Lambeth",
        "Lewisham",
        "Newham",
        "Southwark",
        "Tower Hamlets",
        "Wandsworth",
        "Westminster",
    }
)

SIMILAR_COUNT = 3

SIMILAR_METHOD = (
    "A borough's similar boroughs are the three on the same side of the Inner / Outer London "
    "line (the Office for National Statistics' statistical definition of Inner London) whose "
    "populations, as published with the figures, are nearest its own. No official list of "
    "similar London boroughs was available to us; this one is ours."
)


def similar_to(name: str, residents: dict[str, int], count: int = SIMILAR_COUNT) -> list[str]:
    """The names of the boroughs most like ``name`` by the method above; none when its
    population is not known."""
    if name not in residents:
        return []
    inner = name in INNER_LONDON
    others = [n for n in residents if n != name and (n in INNER_LONDON) == inner]
    return sorted(others, key=lambda n: (abs(residents[n] - residents[name]), n))[:count]
