"""Shading a map: which band each borough's value falls in, and how each band is named.

Rates are shaded in five bands of (about) equal numbers of boroughs, so that one
borough far from the rest (Westminster's rate of crime, with its visitors and few
residents) does not leave every other borough in one shade. Changes are shaded on fixed
steps either side of no change, so that a fall always looks like a fall. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .kinds import MINUS

RATE_BANDS = 5
# % changes: a fall of 10% or more, a smaller fall, no change or a rise under 10%, more.
CHANGE_STEPS = (Decimal(-10), Decimal(0), Decimal(10))


@dataclass(frozen=True)
class Band:
    number: int  # 1 is the lowest
    low: Decimal
    high: Decimal
    label: str

    def holds(self, value: Decimal) -> bool:
        return self.low <= value <= self.high


def _number(value: Decimal) -> str:
    return f"{value:,}".replace("-", MINUS)


def _signed(value: Decimal) -> str:
    return f"+{value:,}%" if value > 0 else f"{_number(value)}%"


def rate_bands(values: Sequence[Decimal]) -> list[Band]:
    """Up to five bands of about equal numbers of the values, lowest first, each from its
    lowest value to its highest; none when there are no values."""
    ordered = sorted(values)
    if not ordered:
        return []
    count = min(RATE_BANDS, len(ordered))
    bands, start = [], 0
    for number in range(1, count + 1):
        end = round(len(ordered) * number / count)
        # Equal values share a band: a band never ends between two of them.
        while end < len(ordered) and ordered[end] == ordered[end - 1]:
            end += 1
        if end <= start:
            continue
        low, high = ordered[start], ordered[end - 1]
        bands.append(Band(len(bands) + 1, low, high, f"{_number(low)} to {_number(high)}"))
        start = end
    return bands


CHANGE_LABELS = (
    "Fell by 10% or more",
    "Fell by less than 10%",
    "No change, or rose by less than 10%",
    "Rose by 10% or more",
)


def change_band_number(value: Decimal) -> int:
    """1 for a fall of 10% or more, 2 for a smaller fall, 3 for no change or a rise under
    10%, 4 for a rise of 10% or more."""
    low, middle, high = CHANGE_STEPS
    if value <= low:
        return 1
    if value < middle:
        return 2
    return 3 if value < high else 4


def change_bands(values: Sequence[Decimal]) -> list[Band]:
    """The steps of % change that any of the values fall in, lowest first, each from the
    lowest of its values to the highest."""
    bands = []
    for number, label in enumerate(CHANGE_LABELS, start=1):
        held = [value for value in values if change_band_number(value) == number]
        if held:
            low, high = min(held), max(held)
            shown = _signed(low) if low == high else f"{_signed(low)} to {_signed(high)}"
            bands.append(Band(number, low, high, f"{label} ({shown})"))
    return bands


def band_of(bands: Sequence[Band], value: Decimal | None) -> Band | None:
    if value is None:
        return None
    return next((band for band in bands if band.holds(value)), None)
