"""London drawn on the server from the boroughs' real boundaries: the map on London's page,
each borough a link shaded by a figure, and the small map of where a borough is.

No tiles and no JavaScript: an SVG the template writes out. The shading is never the only
way to read it: each borough's link names it and its value, the key lists each band's
boroughs, and the table beside the map has every figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from boroughs.boundaries import ATTRIBUTION, LondonOutlines, Outline, london_outlines
from boroughs.models import Area

from .rules import format_signed_percent
from .rules.bands import Band, band_of, change_bands, rate_bands

RATE, CHANGE = "rate", "change"
SHADINGS = {RATE: "Offences per 1,000 residents", CHANGE: "Change on the year before"}
CITY_OF_LONDON = "E09000001"


@dataclass(frozen=True)
class MapBorough:
    outline: Outline
    slug: str | None  # None for the City of London, which the Met does not police
    abbreviation: str
    value_text: str
    band: int | None  # None where it has no value

    @property
    def title(self) -> str:
        """What the borough's link says: its name and value."""
        return f"{self.outline.name}: {self.value_text}"


@dataclass(frozen=True)
class KeyBand:
    band: Band
    boroughs: list[str]


@dataclass(frozen=True)
class LondonMap:
    outlines: LondonOutlines
    boroughs: list[MapBorough]
    key: list[KeyBand]
    shading: str  # RATE or CHANGE
    description: str
    attribution: str = ATTRIBUTION

    @property
    def shading_label(self) -> str:
        return SHADINGS[self.shading]

    @property
    def unshaded(self) -> list[str]:
        return [b.outline.name for b in self.boroughs if b.slug and b.band is None]


def _value(row, shading: str):
    if shading == RATE:
        return row.rate_per_thousand
    return row.outcome.change_percent


def _value_text(row, shading: str, value) -> str:
    if value is None:
        return "no figure"
    if shading == RATE:
        return f"{row.rate.text} offences per 1,000 residents"
    return format_signed_percent(value)


def london_map(rows: Iterable, shading: str, measure_name: str, year_label: str) -> LondonMap:
    """rows: London at a glance's BoroughRows, for one measure and year."""
    outlines = london_outlines()
    by_code = {row.area.code: row for row in rows}
    values = {code: _value(row, shading) for code, row in by_code.items()}
    present = [v for v in values.values() if v is not None]
    bands = rate_bands(present) if shading == RATE else change_bands(present)
    boroughs, members = [], {band.number: [] for band in bands}
    for outline in outlines.outlines:
        row = by_code.get(outline.code)
        if row is None:  # the City of London: its own police force
            boroughs.append(
                MapBorough(outline, None, "", "City of London Police, not covered", None)
            )
            continue
        value = values[outline.code]
        band = band_of(bands, value)
        if band is not None:
            members[band.number].append(outline.name)
        boroughs.append(
            MapBorough(
                outline,
                row.area.slug,
                row.area.abbreviation,
                _value_text(row, shading, value),
                band.number if band else None,
            )
        )
    description = (
        f"A map of London's 32 boroughs, each shaded by its {measure_name.lower()} in "
        f"{year_label}: {SHADINGS[shading].lower()}, darker for higher. The key lists the "
        "boroughs in each shade, and the table below gives every figure. The City of London, "
        "in the middle, has its own police force and is not shaded."
    )
    key = [KeyBand(band, members[band.number]) for band in bands]
    return LondonMap(outlines, boroughs, key, shading, description)


@dataclass(frozen=True)
class WhereItIs:
    outlines: LondonOutlines
    area: Area
    others: list[Outline]
    outline: Outline
    attribution: str = ATTRIBUTION

    @property
    def description(self) -> str:
        return f"A map of London with {self.area.name} shaded."


def where_it_is(area: Area) -> WhereItIs | None:
    """A small map of London with one borough shaded; None for an area it does not draw."""
    outlines = london_outlines()
    by_code = outlines.by_code()
    if area.code not in by_code:
        return None
    others = [o for o in outlines.outlines if o.code != area.code]
    return WhereItIs(outlines, area, others, by_code[area.code])
