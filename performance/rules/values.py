"""Checks on a figure as staff enter it: impossible values, and changes worth a second look."""

from __future__ import annotations

from decimal import Decimal

from .kinds import FigureKind, Unit
from .numbers import format_count, format_number, percent_change


def value_problem(unit: str, kind: str, value: Decimal) -> str | None:
    """Why a value cannot be stored for a measure of this unit, or None.

    The database holds the same ranges as check constraints on the figure table.
    """
    value = Decimal(value)
    if kind == FigureKind.SAMPLE_SIZE:
        if unit == Unit.OFFENCES:
            return "Only a survey-based measure (percent or points) has a sample size."
        if value < 1 or value != value.to_integral_value():
            return "A sample size is a whole number of people, 1 or more."
        return None
    if unit == Unit.OFFENCES and kind == FigureKind.RESULT:
        if value < 0:
            return "An offence count cannot be negative."
        if value != value.to_integral_value():
            return "An offence count must be a whole number."
    elif unit == Unit.OFFENCES:
        if value < -100:
            return "A reduction target cannot be more than 100% (enter -2.5 for a 2.5% reduction)."
    elif unit == Unit.PERCENT:
        if not 0 <= value <= 100:
            return "A percentage must be between 0 and 100."
    elif unit == Unit.POINTS and not -100 <= value <= 100:
        return "A gap in percentage points must be between -100 and 100."
    return None


# A change on last year beyond this, typed on the entry screen, is asked about before saving.
IMPLAUSIBLE_CHANGE_PERCENT = Decimal(50)


def entry_warnings(
    unit: str,
    kind: str,
    value: Decimal,
    last_year: Decimal | None,
    published: Decimal | None = None,
) -> list[str]:
    """What looks wrong about a value staff typed, though it can be stored: each is shown to
    them to confirm or correct before anything is saved. Results only; a target is a choice.
    A changed published value is checked against the value it replaces, whether or not
    there is a last year to check it against (210 typed as 2100)."""
    if kind != FigureKind.RESULT:
        return []
    warnings = []
    value = Decimal(value)
    if unit == Unit.PERCENT and 0 < value < 1:
        as_percent = f"{(value * 100).normalize():f}"
        warnings.append(
            f"{value} looks like a fraction: a percentage is written out of 100 "
            f"({as_percent} for {as_percent}%, not {value})."
        )
    change = percent_change(last_year, value)
    if unit == Unit.OFFENCES and change is not None and abs(change) > IMPLAUSIBLE_CHANGE_PERCENT:
        direction = "more" if change > 0 else "fewer"
        warnings.append(
            f"{format_count(value)} is {format_number(abs(change))}% {direction} than last "
            f"year's {format_count(last_year)}: check for a missing or extra digit."
        )
    replaced = percent_change(published, value) if published != value else None
    if (
        unit == Unit.OFFENCES
        and replaced is not None
        and abs(replaced) > IMPLAUSIBLE_CHANGE_PERCENT
    ):
        direction = "more" if replaced > 0 else "fewer"
        warnings.append(
            f"{format_count(value)} is {format_number(abs(replaced))}% {direction} than the "
            f"published {format_count(published)} it replaces: check for a missing or extra "
            "digit."
        )
    return warnings


def parts_warning(total_name: str, total: Decimal, parts: dict[str, Decimal]) -> str | None:
    """An entered total that is not the sum of its entered parts (serious acquisitive crime
    and the crimes it is made of), or None when they agree."""
    added = sum(parts.values(), Decimal(0))
    if added == Decimal(total):
        return None
    return (
        f"{total_name} is {format_count(total)}, but its parts ({', '.join(parts)}) add up "
        f"to {format_count(added)}."
    )
