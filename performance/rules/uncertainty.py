"""Honest uncertainty: confidence intervals, verdicts within the margin, small counts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from .kinds import Status, TargetKind, Unit
from .measures import MeasureSpec
from .numbers import format_count, format_number, plural, round_published

#
# Survey-based measures are estimates from a sample of people; the rules below are stated,
# with worked examples, in docs/figures.md ("Uncertainty").

# The standard normal quantile for a two-sided 95% interval.
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A 95% confidence interval in the measure's unit (percent, or percentage points),
    rounded as published, with the sample sizes it comes from."""

    low: Decimal
    high: Decimal
    sample_sizes: tuple[int, ...]


def wilson_bounds(proportion: float, n: int) -> tuple[float, float]:
    """The Wilson score interval of a proportion (0 to 1) from n people, as proportions."""
    z2 = Z_95 * Z_95
    centre = (proportion + z2 / (2 * n)) / (1 + z2 / n)
    half = (Z_95 / (1 + z2 / n)) * math.sqrt(proportion * (1 - proportion) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _published(value: float) -> Decimal:
    return round_published(Decimal(repr(value)))


def proportion_interval(percent: Decimal, n: int) -> Interval:
    """A percentage from n people, with its Wilson score interval in percent."""
    low, high = wilson_bounds(float(percent) / 100, n)
    return Interval(_published(low * 100), _published(high * 100), (n,))


def difference_interval(first: Decimal, n1: int, second: Decimal, n2: int) -> Interval:
    """first − second, two percentages from independent samples, in percentage points:
    Newcombe's hybrid score interval, built from each percentage's Wilson interval."""
    p1, p2 = float(first) / 100, float(second) / 100
    l1, u1 = wilson_bounds(p1, n1)
    l2, u2 = wilson_bounds(p2, n2)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Interval(_published(low * 100), _published(high * 100), (n1, n2))


def widest_difference_interval(points: Decimal, n: int) -> Interval:
    """A gap entered on its own, with n people in each group: the widest interval the
    difference of two proportions can have (both at 50%), so never narrower than the truth."""
    half = Z_95 * math.sqrt(0.5 * 0.5 / n + 0.5 * 0.5 / n) * 100
    # A gap between two shares is between −100 and 100 points, however few were asked.
    low, high = max(-100.0, float(points) - half), min(100.0, float(points) + half)
    return Interval(_published(low), _published(high), (n,))


def judged_with_margin(interval: Interval, target: Decimal, target_kind: str) -> str:
    """A survey estimate's status against a level or ceiling: achieved or missed only when
    the whole interval is on one side (the target itself counts as met, as it does for a
    figure), otherwise not significantly different. Bounds and target as published."""
    target = round_published(target)
    if target_kind == TargetKind.LEVEL:
        if interval.low >= target:
            return Status.ACHIEVED
        if interval.high < target:
            return Status.MISSED
    else:
        if interval.high <= target:
            return Status.ACHIEVED
        if interval.low > target:
            return Status.MISSED
    return Status.NOT_SIGNIFICANT


# How much more the police's counts vary than a Poisson count would (φ): the pooled
# Pearson dispersion of each borough's monthly counts about their financial year's mean,
# every complete year 2008/09–2024/25, from the police's own editions (``dispersion_of``;
# re-estimated and printed by ``make bench-dispersion``, checked against the demo's
# record in tests). Counts this dispersed make a year's total vary φ times as much as a
# Poisson count. A measure not estimated takes DEFAULT_DISPERSION.
DISPERSION = {
    "total-crime": Decimal("13.2"),
    "serious-acquisitive-crime": Decimal("6.4"),
    "residential-burglary": Decimal("5.2"),
    "robbery": Decimal("3.3"),
    "theft-from-vehicles": Decimal("5.0"),
    "theft-of-vehicles": Decimal("2.6"),
}
# The middle of the estimates: for an offence measure the police's files do not give.
DEFAULT_DISPERSION = Decimal("5.1")


# How the note begins: a printed leaflet marks such a change instead of repeating the note.
ORDINARY_VARIATION = "Within ordinary variation"


def dispersion_of(blocks) -> Decimal | None:
    """The pooled Pearson dispersion of blocks of monthly counts (each a financial year's
    twelve): Σ (x − mean)² / mean over every block with offences, divided by Σ (months − 1).
    Never below 1 (a Poisson count); None without a block to judge by."""
    chi_square, freedom = 0.0, 0
    for counts in blocks:
        mean = sum(counts) / len(counts)
        if mean <= 0 or len(counts) < 2:
            continue
        chi_square += sum((count - mean) ** 2 for count in counts) / mean
        freedom += len(counts) - 1
    if not freedom:
        return None
    return max(Decimal(1), round_published(Decimal(repr(chi_square / freedom))))


def ordinary_variation(previous: Decimal, result: Decimal, dispersion: Decimal) -> float:
    """How far a count may move from one year to the next by chance alone: 1.96 × √(φ ×
    (a + b)), two counts each varying φ times as much as a Poisson count."""
    return Z_95 * math.sqrt(float(dispersion) * float(Decimal(previous) + Decimal(result)))


def ordinary_variation_note(
    previous: Decimal | None, result: Decimal | None, dispersion: Decimal = DEFAULT_DISPERSION
) -> str:
    """A note when a change is within ordinary year-to-year variation, at any count:
    |a − b| < 1.96 × √(φ × (a + b)). "" otherwise; the status still follows the target."""
    if previous is None or result is None:
        return ""
    change = abs(Decimal(result) - Decimal(previous))
    if float(change) >= ordinary_variation(previous, result, dispersion):
        return ""
    # The rule itself is stated on /data/ and in docs/figures.md; the note stays short.
    return f"{ORDINARY_VARIATION}: a change of {format_count(change)} can happen by chance."


def uncertainty_text(measure: MeasureSpec, interval: Interval | None) -> str:
    """The interval in words: "95% confidence interval 49.2% to 57.0%; 640 people asked";
    for a survey-based measure with no sample size, that it was not published."""
    if measure.unit == Unit.OFFENCES:
        return ""
    if interval is None:
        return "sample size not published, so no confidence interval"
    sizes = interval.sample_sizes
    if len(sizes) == 2:
        asked = (
            f"{format_count(sizes[0])} and {format_count(sizes[1])} people asked in the two groups"
        )
    elif measure.unit == Unit.POINTS:
        asked = f"{format_count(sizes[0])} people asked in each group"
    else:
        asked = f"{format_count(sizes[0])} {plural(sizes[0], 'person', 'people')} asked"
    unit = "%" if measure.unit == Unit.PERCENT else ""
    words = "" if unit else " percentage points"
    # Worked out as if the people asked were a simple random sample: a weighted survey's
    # true interval is wider (its design effect is not published), so it is approximate.
    return (
        f"approximate 95% confidence interval {format_number(interval.low)}{unit} to "
        f"{format_number(interval.high)}{unit}{words}; {asked}"
    )
