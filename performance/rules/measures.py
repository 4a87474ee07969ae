"""A measure as the rules see it, and how its targets are phrased."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .kinds import Better, TargetKind, Unit
from .numbers import format_count, format_number, plural, round_published

# Recorded crime gives this measure from every category in a file, whatever the names.
TOTAL_CRIME = "total-crime"


@dataclass(frozen=True)
class MeasureSpec:
    """What the rules need to know of a measure in the catalogue."""

    slug: str
    name: str
    unit: str
    better: str
    target_kind: str

    @property
    def name_in_sentence(self) -> str:
        """The name in mid-sentence: "Total robbery" → "total robbery", "BME gap" stays."""
        name = self.name
        if len(name) > 1 and name[1].isupper():
            return name
        return name[:1].lower() + name[1:]

    def format_value(self, value: Decimal) -> str:
        if self.unit == Unit.OFFENCES:
            return f"{format_count(value)} {plural(value, 'offence', 'offences')}"
        if self.unit == Unit.PERCENT:
            return f"{format_number(value)}%"
        return f"{format_number(value)} {plural(value, 'percentage point', 'percentage points')}"

    def format_target(self, target: Decimal) -> str:
        """The target as a phrase: "a 2.5% reduction", "51.4%", "3.8 percentage points"."""
        if self.target_kind == TargetKind.CHANGE:
            return change_target_phrase(self, target)
        return self.format_value(target)


def change_target_phrase(measure: MeasureSpec, target: Decimal) -> str:
    target = round_published(target)
    if target == 0:
        return "no change" if measure.better == Better.HIGHER else "no increase"
    direction = "reduction" if target < 0 else "increase"
    if (measure.better == Better.LOWER) == (target > 0):
        # An increase allowed where lower is better (or a fall allowed where higher is).
        return f"no more than a {abs(target)}% {direction}"
    return f"a {abs(target)}% {direction}"
