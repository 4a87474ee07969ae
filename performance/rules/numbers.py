"""Rounding and writing numbers as the leaflet prints them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .kinds import MINUS, ONE_PLACE


def round_published(value: Decimal) -> Decimal:
    """Round to one decimal place, halves away from zero (0.25 → 0.3, −0.25 → −0.3)."""
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def percent_change(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """The % change from previous to current as published, or None where it does not exist."""
    if previous is None or current is None or previous == 0:
        return None
    return round_published((Decimal(current) - Decimal(previous)) / Decimal(previous) * 100)


def format_count(value: Decimal) -> str:
    """6919 → "6,919"; a count that is not whole keeps one decimal place."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{round_published(value):,}"


def format_number(value: Decimal) -> str:
    """A percentage or points figure as published: one decimal place."""
    return f"{round_published(value)}"


def format_signed_percent(value: Decimal) -> str:
    """+25.5%, −22.9% (typographic minus), 0.0%."""
    value = round_published(value)
    if value > 0:
        return f"+{value}%"
    if value < 0:
        return f"{MINUS}{abs(value)}%"
    return f"{abs(value)}%"


def format_signed_count(value: Decimal) -> str:
    """+12, −1,443 (typographic minus), 0: a change in a number of offences."""
    if value > 0:
        return f"+{format_count(value)}"
    if value < 0:
        return f"{MINUS}{format_count(abs(value))}"
    return format_count(value)


def plural(count: Decimal, singular: str, many: str) -> str:
    return singular if abs(Decimal(count)) == 1 else many
