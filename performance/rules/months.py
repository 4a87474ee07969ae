"""Months of recorded crime: complete years, years to date, labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .kinds import Better
from .measures import MeasureSpec
from .numbers import format_count, percent_change, plural

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def months_of_year(start_year: int) -> list[tuple[int, int]]:
    """The twelve (year, month) of a financial year: April to March."""
    return [(start_year, m) for m in range(4, 13)] + [(start_year + 1, m) for m in range(1, 4)]


def _month_number(month: tuple[int, int]) -> int:
    """Months counted from year 0, so that months compare and subtract as numbers."""
    return month[0] * 12 + month[1] - 1


def months_ending(last: tuple[int, int], count: int) -> list[tuple[int, int]]:
    """The ``count`` months up to and including ``last``, oldest first, as (year, month)."""
    end = _month_number(last)
    return [(index // 12, index % 12 + 1) for index in range(end - count + 1, end + 1)]


def financial_year_of(year: int, month: int) -> int:
    return year if month >= 4 else year - 1


def complete_years(months: list[tuple[int, int]]) -> list[int]:
    """The financial years all twelve of whose months are among ``months``."""
    held = set(months)
    starts = sorted({financial_year_of(y, m) for y, m in months})
    return [s for s in starts if all(m in held for m in months_of_year(s))]


def partial_year(months: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last financial year, when the file holds April and some but not all of it."""
    held = set(months)
    start = financial_year_of(*months[-1])
    count = sum(1 for m in months_of_year(start) if m in held)
    if 0 < count < 12 and (start, 4) in held:
        return start, count
    return None


def last_complete_year(last: tuple[int, int]) -> int:
    """The last financial year complete in a series of months ending with ``last``."""
    start = financial_year_of(*last)
    return start if last[1] == 3 else start - 1


def year_total(monthly: Mapping[tuple[int, int], int], start_year: int) -> int | None:
    """A financial year's count: the sum of its twelve months, or None unless all twelve
    are present (fewer is a year to date, never a year's result)."""
    months = months_of_year(start_year)
    if any(m not in monthly for m in months):
        return None
    return sum(monthly[m] for m in months)


# A month whose total is under this share of the file's median month is not a month of
# data: the ward file's first month holds 47 offences against some 72,000 in the others.
INCOMPLETE_SHARE = Decimal("0.5")


def incomplete_months(totals: list[int]) -> list[int]:
    """The positions of the months whose total is under half the median month's: offences
    still being recorded or located, so the month cannot stand beside the others. Fewer
    than three months give no median worth comparing with."""
    if len(totals) < 3:
        return []
    ordered = sorted(totals)
    median = Decimal(ordered[len(ordered) // 2] + ordered[(len(ordered) - 1) // 2]) / 2
    return [i for i, total in enumerate(totals) if total < median * INCOMPLETE_SHARE]


def month_label(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


@dataclass(frozen=True)
class YearToDate:
    """A financial year that the source gives only part of: April to its last month."""

    measure: MeasureSpec
    start_year: int
    months: int
    count: int
    previous: int | None  # the same months a year earlier
    target: Decimal | None  # the year's % change target

    @property
    def last_month(self) -> tuple[int, int]:
        return months_of_year(self.start_year)[self.months - 1]

    @property
    def period(self) -> str:
        return f"April to {month_label(*self.last_month)}"

    @property
    def previous_period(self) -> str:
        year, month = self.last_month
        return f"April to {month_label(year - 1, month)}"

    @property
    def percent(self) -> Decimal | None:
        return percent_change(self.previous, self.count)

    @property
    def on_track(self) -> bool | None:
        """Against a % change target: is the change so far at or better than the target?"""
        if self.target is None or self.percent is None:
            return None
        if self.measure.better == Better.LOWER:
            return self.percent <= self.target
        return self.percent >= self.target

    @property
    def track_words(self) -> str:
        if self.on_track is None:
            return "No target set" if self.target is None else "Not assessed"
        return "On track" if self.on_track else "Off track"

    @property
    def statement(self) -> str:
        """E.g. "April to December 2016: 1,033 offences, 9.9% more than April to December 2015"."""
        text = (
            f"{self.period}: {format_count(self.count)} {plural(self.count, 'offence', 'offences')}"
        )
        percent = self.percent
        if percent is None:
            return text + (
                "" if self.previous is None else f", against none from {self.previous_period}"
            )
        if percent == 0:
            return f"{text}, the same as {self.previous_period}"
        more = "more" if percent > 0 else "fewer"
        return f"{text}, {abs(percent)}% {more} than {self.previous_period}"


def year_to_date(
    measure: MeasureSpec,
    monthly: Mapping[tuple[int, int], int],
    start_year: int,
    target: Decimal | None = None,
) -> YearToDate | None:
    """The year so far, when the source has April and some but not all later months of it."""
    months = months_of_year(start_year)
    held = 0
    for m in months:
        if m not in monthly:
            break
        held += 1
    if held in (0, 12):
        return None
    previous_months = [(y - 1, m) for y, m in months[:held]]
    previous = (
        sum(monthly[m] for m in previous_months)
        if all(m in monthly for m in previous_months)
        else None
    )
    return YearToDate(
        measure=measure,
        start_year=start_year,
        months=held,
        count=sum(monthly[m] for m in months[:held]),
        previous=previous,
        target=target,
    )
