"""Series breaks, as notes beside the figures and months they span."""

from __future__ import annotations

from dataclasses import dataclass

from .months import _month_number, month_label, months_of_year
from .years import year_label


@dataclass(frozen=True)
class SeriesBreakNote:
    """A break in the series of the measures named, from a month on."""

    measures: frozenset[str]
    month: tuple[int, int]  # (year, month): the first month counted the new way
    note: str

    def as_json(self) -> dict:
        return {"measures": sorted(self.measures), "month": list(self.month), "note": self.note}

    @classmethod
    def from_json(cls, data: dict) -> SeriesBreakNote:
        return cls(frozenset(data["measures"]), tuple(data["month"]), data["note"])

    @property
    def words(self) -> str:
        return f"{self.note.rstrip('.')} (from {month_label(*self.month)})"


def year_break_notes(breaks, measure: str, start_year: int) -> tuple[str, ...]:
    """The notes beside a measure's result for a financial year, and its change from the
    year before: a break after the year's first month falls inside the year, so the
    year's figure counts both ways; a break inside the previous year or at the start of
    this one falls between the two figures compared."""
    this_year, last_year = months_of_year(start_year), months_of_year(start_year - 1)
    notes = []
    for found in breaks:
        if measure not in found.measures:
            continue
        at = _month_number(found.month)
        if _month_number(this_year[0]) < at <= _month_number(this_year[-1]):
            notes.append(
                f"{found.words}: {year_label(start_year)} counts months before and after the "
                f"change, so it and its change from {year_label(start_year - 1)} may not be "
                "comparable with other years."
            )
        elif _month_number(last_year[0]) < at <= _month_number(this_year[0]):
            notes.append(
                f"{found.words}: the change from {year_label(start_year - 1)} to "
                f"{year_label(start_year)} may not be comparable."
            )
    return tuple(notes)


def months_break_notes(breaks, measure: str, first: tuple[int, int], last: tuple[int, int]):
    """The notes beside a run of months (a chart, a year to date compared with a year
    earlier): every break after its first month and up to its last."""
    return tuple(
        f"{found.words}: months before and after it may not be comparable."
        for found in breaks
        if measure in found.measures
        and _month_number(first) < _month_number(found.month) <= _month_number(last)
    )
