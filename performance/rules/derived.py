"""Figures worked out from others: sums of parts, the satisfaction gap, London-wide totals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from .kinds import FigureKind, Unit
from .measures import MeasureSpec
from .numbers import plural
from .outcomes import Outcome, assess
from .series_breaks import SeriesBreakNote, year_break_notes
from .sources import ENTERED, GAP_GROUPS, GAP_SOURCE, describe_source
from .uncertainty import (
    DEFAULT_DISPERSION,
    DISPERSION,
    Interval,
    difference_interval,
    ordinary_variation_note,
    proportion_interval,
    widest_difference_interval,
)
from .years import year_label

FigureKey = tuple[str, str, int, str]  # (area code, measure slug, year, "result"/"target")


class FigureBook:
    """Entered figures, with the derived results docs/figures.md allows.

    - A measure with parts (serious acquisitive crime) whose result is not entered
      is the sum of its parts' results, when all are present.
    - A London-wide offence result that is not entered is the sum of every
      borough's result, when all are present; when some are missing, the outcome
      names them instead of saying only that there is no result.
    An entered figure always wins over a derived one; where both exist and disagree,
    the outcome carries a note. A change is only computed between two figures of the
    same kind: both entered, or both derived from the same parts.
    """

    def __init__(
        self,
        entered: Mapping[FigureKey, Decimal],
        *,
        parts: Mapping[str, Iterable[str]],
        offence_measures: Iterable[str],
        borough_codes: Iterable[str],
        london_code: str,
        area_names: Mapping[str, str] | None = None,
        series_breaks: Iterable[SeriesBreakNote] = (),
    ):
        self.entered = dict(entered)
        self.parts = {slug: tuple(children) for slug, children in parts.items() if children}
        self.offence_measures = frozenset(offence_measures)
        self.borough_codes = tuple(borough_codes)
        self.london_code = london_code
        self.area_names = dict(area_names or {})
        self.series_breaks = tuple(series_breaks)
        self._results: dict[tuple[str, str, int], tuple[Decimal, str] | None] = {}
        self._derived: dict[tuple[str, str, int], tuple[Decimal, str] | None] = {}

    def target(self, area: str, measure: str, year: int) -> Decimal | None:
        return self.entered.get((area, measure, year, FigureKind.TARGET))

    def result(self, area: str, measure: str, year: int) -> Decimal | None:
        found = self.result_with_source(area, measure, year)
        return None if found is None else found[0]

    def result_with_source(self, area: str, measure: str, year: int) -> tuple[Decimal, str] | None:
        """(value, what a derived value sums, or "") for a result; None when there is none."""
        key = (area, measure, year)
        if key not in self._results:
            entered = self.entered.get((area, measure, year, FigureKind.RESULT))
            self._results[key] = (entered, "") if entered is not None else self.derived(*key)
        return self._results[key]

    def source(self, area: str, measure: str, year: int) -> str | None:
        """ENTERED, what a derived result sums ("its parts", "the 32 boroughs"), or None."""
        found = self.result_with_source(area, measure, year)
        if found is None:
            return None
        return found[1] or ENTERED

    def derived(self, area: str, measure: str, year: int) -> tuple[Decimal, str] | None:
        """The result the rules would derive, ignoring any entered one."""
        key = (area, measure, year)
        if key not in self._derived:
            self._derived[key] = self._compute_derived(area, measure, year)
        return self._derived[key]

    def sample_size(self, area: str, measure: str, year: int) -> int | None:
        size = self.entered.get((area, measure, year, FigureKind.SAMPLE_SIZE))
        return None if size is None else int(size)

    def interval(self, measure: MeasureSpec, area: str, year: int) -> Interval | None:
        """A survey estimate's 95% confidence interval, from the sample sizes entered."""
        found = self.result_with_source(area, measure.slug, year)
        if found is None or measure.unit == Unit.OFFENCES:
            return None
        value, source = found
        if source == GAP_SOURCE:
            white, bme = GAP_GROUPS[measure.slug]
            sizes = [self.sample_size(area, group, year) for group in (white, bme)]
            if None in sizes:
                return None
            return difference_interval(
                self.result(area, white, year), sizes[0], self.result(area, bme, year), sizes[1]
            )
        size = self.sample_size(area, measure.slug, year)
        if size is None:
            return None
        if measure.unit == Unit.PERCENT:
            return proportion_interval(value, size)
        return widest_difference_interval(value, size)

    def _compute_derived(self, area, measure, year):
        if measure in GAP_GROUPS:
            white, bme = (self.result(area, group, year) for group in GAP_GROUPS[measure])
            if white is not None and bme is not None:
                return white - bme, GAP_SOURCE
        if measure in self.parts:
            values = [self.result(area, part, year) for part in self.parts[measure]]
            if all(value is not None for value in values):
                return sum(values, Decimal(0)), "its parts"
        if self._sums_boroughs(area, measure):
            values = [self.result(code, measure, year) for code in self.borough_codes]
            if all(value is not None for value in values):
                return sum(values, Decimal(0)), f"the {len(values)} boroughs"
        return None

    def _sums_boroughs(self, area, measure) -> bool:
        return (
            area == self.london_code
            and measure in self.offence_measures
            and bool(self.borough_codes)
        )

    def missing_boroughs(self, area: str, measure: str, year: int) -> list[str]:
        """The boroughs with no result, where a London-wide sum cannot be made without them."""
        if not self._sums_boroughs(area, measure) or self.result(area, measure, year) is not None:
            return []
        return [
            self.area_names.get(code, code)
            for code in self.borough_codes
            if self.result(code, measure, year) is None
        ]

    def has_entered(self, area: str, measure: str, year: int) -> bool:
        return any((area, measure, year, kind) in self.entered for kind in FigureKind.values)

    def _coverage(self, area, measure, year) -> str:
        if not self._sums_boroughs(area, measure):
            return ""
        if (area, measure, year, FigureKind.RESULT) in self.entered:
            return ""
        missing = self.missing_boroughs(area, measure, year)
        total = len(self.borough_codes)
        if not missing:
            return f"{total} of {total} boroughs" if self.source(area, measure, year) else ""
        return f"{total - len(missing)} of {total} boroughs; {_names(missing)} missing"

    def _disagreements(self, measure: MeasureSpec, area: str, year: int) -> tuple[str, ...]:
        entered = self.entered.get((area, measure.slug, year, FigureKind.RESULT))
        derived = self.derived(area, measure.slug, year)
        if entered is None or derived is None or derived[0] == entered:
            return ()
        return (
            f"The {year_label(year)} figure entered, {measure.format_value(entered)}, differs "
            f"from the sum of {derived[1]}, {measure.format_value(derived[0])}.",
        )

    def _break_notes(self, measure: MeasureSpec, area: str, year: int) -> tuple[str, ...]:
        if self.result(area, measure.slug, year) is None:
            return ()
        return year_break_notes(self.series_breaks, measure.slug, year)

    def outcome(self, measure: MeasureSpec, area: str, year: int) -> Outcome:
        current = self.result_with_source(area, measure.slug, year)
        previous = self.result_with_source(area, measure.slug, year - 1)
        not_comparable = ""
        if current is not None and previous is not None and current[1] != previous[1]:
            not_comparable = (
                f"{year_label(year - 1)}'s figure is {describe_source(previous[1] or ENTERED)} "
                f"and {year_label(year)}'s is {describe_source(current[1] or ENTERED)}, so the "
                "two are not compared"
            )
        missing = self.missing_boroughs(area, measure.slug, year)
        outcome = assess(
            measure,
            year,
            result=None if current is None else current[0],
            previous=None if previous is None else previous[0],
            target=self.target(area, measure.slug, year),
            derived_from=current[1] if current else "",
            not_comparable=not_comparable,
            missing=(
                f"no London-wide result: {_names(missing)} "
                f"{plural(len(missing), 'has', 'have')} no {year_label(year)} figure yet"
                if missing
                else ""
            ),
            interval=self.interval(measure, area, year),
        )
        disagreements = self._disagreements(measure, area, year)
        breaks = self._break_notes(measure, area, year)
        small = ()
        # Across a break in the series the change is not comparable: nor is it chance.
        if measure.unit == Unit.OFFENCES and not not_comparable and not breaks:
            dispersion = DISPERSION.get(measure.slug, DEFAULT_DISPERSION)
            note = ordinary_variation_note(outcome.previous, outcome.result, dispersion)
            small = (note,) if note else ()
        return replace(
            outcome,
            coverage=self._coverage(area, measure.slug, year),
            notes=disagreements + small + breaks,
            disagreements=disagreements,
        )


def _names(names: list[str]) -> str:
    """["Bexley"] → "Bexley"; three → "A, B and C"; more than five → "7 boroughs"."""
    if len(names) > 5:
        return f"{len(names)} boroughs"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
