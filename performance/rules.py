"""The outcome rules of docs/figures.md, as pure functions with no database access.

Everything the public reads about performance (change, % change, status words,
derived figures, next year's priorities and the leaflet's sentences) is
computed here, so that it can be tested by the hundred without a database.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

ONE_PLACE = Decimal("0.1")
MINUS = "\u2212"  # the typographic minus sign the leaflet prints


class Unit(models.TextChoices):
    OFFENCES = "offences", "offences"
    PERCENT = "percent", "percent"
    POINTS = "points", "percentage points"


class Better(models.TextChoices):
    LOWER = "lower", "lower"
    HIGHER = "higher", "higher"


class TargetKind(models.TextChoices):
    CHANGE = "change", "% change on previous year"
    LEVEL = "level", "a level to reach"
    CEILING = "ceiling", "a ceiling to stay under"


class FigureKind(models.TextChoices):
    RESULT = "result", "Result"
    TARGET = "target", "Target"
    # How many people a survey-based result (a percent or points measure) is an estimate from.
    SAMPLE_SIZE = "sample_size", "Sample size"


class Status(models.TextChoices):
    ACHIEVED = "achieved", "Target achieved"
    MISSED = "missed", "Target missed"
    NO_TARGET = "no-target", "No target"
    NOT_ASSESSED = "not-assessed", "Not assessed"
    # A survey estimate whose 95% confidence interval has the target inside it.
    NOT_SIGNIFICANT = "not-significant", "Not significantly different from the target"


# ---------------------------------------------------------------- years

YEAR_PATTERN = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2})\s*$")
FIRST_YEAR, LAST_YEAR = 1990, 2099


def parse_financial_year(text: str) -> int:
    """Return the starting calendar year of a financial year written ``2009/10`` or ``2009-10``.

    Raises ValueError with a message a member of staff can act on.
    """
    match = YEAR_PATTERN.match(str(text or ""))
    if not match:
        raise ValueError(f"Year '{text}' is not a financial year written like 2009/10.")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(
            f"Year '{text}' is not a financial year: the one starting in {start} is "
            f"{year_label(start)}."
        )
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise ValueError(f"Year '{text}' is outside {FIRST_YEAR}/91 to {LAST_YEAR}/00.")
    return start


def year_label(start: int) -> str:
    """``2009`` → ``2009/10``, as written in text and files."""
    return f"{start}/{(start + 1) % 100:02d}"


def year_slug(start: int) -> str:
    """``2009`` → ``2009-10``, as written in URLs."""
    return f"{start}-{(start + 1) % 100:02d}"


# ---------------------------------------------------------------- values


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


def entry_warnings(unit: str, kind: str, value: Decimal, last_year: Decimal | None) -> list[str]:
    """What looks wrong about a value staff typed, though it can be stored: each is shown to
    them to confirm or correct before anything is saved. Results only; a target is a choice.
    """
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


# ---------------------------------------------------------------- numbers


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


def plural(count: Decimal, singular: str, many: str) -> str:
    return singular if abs(Decimal(count)) == 1 else many


# ---------------------------------------------------------------- measures


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


# ---------------------------------------------------------------- outcomes


class UncertaintyWords:
    """What an outcome (computed, or as released and shown) says of its interval and of
    where a derived result comes from; needs ``measure``, ``result``, ``interval`` and
    ``derived_from``."""

    @property
    def interval_low(self) -> Decimal | None:
        return None if self.interval is None else self.interval.low

    @property
    def interval_high(self) -> Decimal | None:
        return None if self.interval is None else self.interval.high

    @property
    def sample_sizes(self) -> list[int]:
        return [] if self.interval is None else list(self.interval.sample_sizes)

    @property
    def uncertainty_text(self) -> str:
        """ "95% confidence interval 49.2% to 56.9%; 640 people asked", or that the sample
        size was not published; "" for a count."""
        if self.result is None:
            return ""
        return uncertainty_text(self.measure, self.interval)

    @property
    def derived_text(self) -> str:
        return derived_text(self.derived_from)


@dataclass(frozen=True)
class Outcome(UncertaintyWords):
    """How one area did on one measure in one year, as the public reads it."""

    measure: MeasureSpec
    year: int
    result: Decimal | None
    previous: Decimal | None
    target: Decimal | None
    status: str
    change: Decimal | None = None
    change_percent: Decimal | None = None
    reason: str = ""
    # Where a derived result comes from, for "the sum of …": "its parts", "the 32 boroughs".
    derived_from: str = ""
    # For a London-wide sum of the boroughs: how many it covers, and which are missing.
    coverage: str = ""
    # What a reader should know beside the figures: an entered total that disagrees with
    # the sum of its parts, say.
    notes: tuple[str, ...] = ()
    # Of the notes, those staff should check before publishing (an entered total that
    # differs from its parts); the others, such as series breaks, are simply said.
    disagreements: tuple[str, ...] = ()
    # A survey estimate's 95% confidence interval, when its sample size is published.
    interval: Interval | None = None

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def result_text(self) -> str:
        """The table's middle column: "382 offences or +25.5%", or a level against its target."""
        measure = self.measure
        if self.result is None:
            return f"No result for {year_label(self.year)} yet"
        if measure.target_kind != TargetKind.CHANGE:
            text = measure.format_value(self.result)
            if self.target is not None:
                text += f" against a target of {measure.format_value(self.target)}"
            return text
        if self.previous == 0 and self.change is not None:
            before = year_label(self.year - 1)
            if self.change == 0:
                return f"No offences; none in {before} either"
            more = plural(self.change, "offence", "offences")
            return f"{format_count(self.change)} more {more}; none in {before}"
        if self.change_percent is None:
            return f"{measure.format_value(self.result)} ({self.reason})"
        return (
            f"{format_count(abs(self.change))} {plural(self.change, 'offence', 'offences')} "
            f"or {format_signed_percent(self.change_percent)}"
        )

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "No target set"
        return self.measure.format_target(self.target)

    @property
    def statement(self) -> str:
        """The leaflet's sentence for London-wide achievements and misses."""
        return statement(self)


def assess(
    measure: MeasureSpec,
    year: int,
    result: Decimal | None,
    previous: Decimal | None,
    target: Decimal | None,
    *,
    derived_from: str = "",
    not_comparable: str = "",
    missing: str = "",
    interval: Interval | None = None,
) -> Outcome:
    """Compute an outcome exactly as docs/figures.md says.

    A level or ceiling judged from a survey estimate with its ``interval`` is achieved or
    missed only when the whole interval is on one side of the target (judged_with_margin).

    Comparisons use the figures as published (one decimal place), so a page never
    shows "−2.5%" beside "Target missed" against a −2.5% target. ``not_comparable``
    says why this year's figure and last year's are not compared (one entered, the
    other derived), and ``missing`` why there is no result (boroughs without a figure).
    """
    if not_comparable:
        previous = None
    fields = dict(
        measure=measure,
        year=year,
        result=result,
        previous=previous,
        target=target,
        derived_from=derived_from,
        interval=interval if result is not None else None,
    )
    change = change_percent = None
    reason = ""
    if measure.target_kind == TargetKind.CHANGE:
        if result is not None and previous is not None:
            change = Decimal(result) - Decimal(previous)
            change_percent = percent_change(previous, result)
        if result is None:
            reason = missing or f"no result for {year_label(year)} yet"
        elif not_comparable:
            reason = not_comparable
        elif previous is None:
            reason = f"no {year_label(year - 1)} figure to compare with"
        elif previous == 0:
            reason = f"no offences in {year_label(year - 1)}, so no percentage change"
    elif result is None:
        reason = missing or f"no result for {year_label(year)} yet"
    fields.update(change=change, change_percent=change_percent, reason=reason)

    if target is None:
        return Outcome(status=Status.NO_TARGET, **fields)
    published_target = round_published(target)
    if measure.target_kind == TargetKind.CHANGE:
        if previous == 0 and change is not None:
            # No % change exists, so the target is judged on counts: none before, and none
            # now, meets a reduction or no increase; any now meets only an increase.
            met = change == 0 if published_target <= 0 else change > 0
            return Outcome(status=Status.ACHIEVED if met else Status.MISSED, **fields)
        if change_percent is None:
            return Outcome(status=Status.NOT_ASSESSED, **fields)
        if measure.better == Better.LOWER:
            met = change_percent <= published_target
        else:
            met = change_percent >= published_target
    else:
        if result is None:
            return Outcome(status=Status.NOT_ASSESSED, **fields)
        if fields["interval"] is not None:
            # A survey estimate: judged by its whole confidence interval, not its middle.
            status = judged_with_margin(fields["interval"], target, measure.target_kind)
            return Outcome(status=status, **fields)
        published_result = round_published(result)
        if measure.target_kind == TargetKind.LEVEL:
            met = published_result >= published_target
        else:
            met = published_result <= published_target
    return Outcome(status=Status.ACHIEVED if met else Status.MISSED, **fields)


# ---------------------------------------------------------------- uncertainty
#
# Survey-based measures are estimates from a sample of people; the rules below are stated,
# with worked examples, in docs/figures.md ("Uncertainty").

# The standard normal quantile for a two-sided 95% interval.
Z_95 = 1.959963984540054
# Both years' counts below this: the change is checked against ordinary variation.
SMALL_COUNT = 100


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
    return Interval(_published(float(points) - half), _published(float(points) + half), (n,))


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


def small_numbers_note(previous: Decimal | None, result: Decimal | None) -> str:
    """For two small counts, a note when their change is within ordinary year-to-year
    variation: smaller than twice the square root of their sum (counts that vary like a
    Poisson count). "" otherwise; the status still follows the target."""
    if previous is None or result is None:
        return ""
    if previous >= SMALL_COUNT or result >= SMALL_COUNT:
        return ""
    change = abs(Decimal(result) - Decimal(previous))
    ordinary = 2 * math.sqrt(float(previous + result))
    if float(change) >= ordinary:
        return ""
    # The rule itself is stated on /data/ and in docs/figures.md; the note stays short.
    count = format_count(change)
    return f"Small numbers: a change of {count} is within normal year-to-year variation."


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
    return (
        f"95% confidence interval {format_number(interval.low)}{unit} to "
        f"{format_number(interval.high)}{unit}{words}; {asked}"
    )


# ---------------------------------------------------------------- sentences


def priority_text(measure: MeasureSpec, target: Decimal) -> str:
    """Next year's target in words: "2.3% reduction in serious acquisitive crime"."""
    name = measure.name_in_sentence
    if measure.target_kind == TargetKind.CHANGE:
        phrase = change_target_phrase(measure, target)
        phrase = phrase.removeprefix("a ")
        return f"{phrase} in {name}"
    if measure.target_kind == TargetKind.LEVEL:
        return f"{name} of at least {measure.format_value(target)}"
    return f"{name} of no more than {measure.format_value(target)}"


def _crimes(count: Decimal, comparison: str) -> str:
    """_crimes(-6919, "fewer") → "6,919 fewer crimes"."""
    return f"{format_count(abs(count))} {comparison} {plural(count, 'crime', 'crimes')}"


def statement(outcome: Outcome) -> str:
    """The leaflet's phrasing of one London-wide outcome.

    "a reduction in serious acquisitive crime of 3.5% or 6,919 fewer crimes,
    exceeding the 2.5% reduction target"; "a target to reduce gun crime by 4.2%:
    there were 429 more crimes, a 14.2% increase".
    """
    m, name = outcome.measure, outcome.measure.name_in_sentence
    if outcome.result is None:
        return f"{name}: {outcome.reason}"
    if m.target_kind == TargetKind.CHANGE:
        return _change_statement(outcome, name)
    value = m.format_value(outcome.result)
    if outcome.status == Status.ACHIEVED:
        return f"{name} was {value} against a target of {m.format_value(outcome.target)}"
    if outcome.status == Status.MISSED:
        return f"{name} was {value}: this missed the target of {m.format_target(outcome.target)}"
    if outcome.status == Status.NOT_SIGNIFICANT:
        return (
            f"{name} was {value}: not significantly different from the target of "
            f"{m.format_target(outcome.target)}"
        )
    return f"{name} was {value}"


def _change_statement(outcome: Outcome, name: str) -> str:
    change, pct, target = outcome.change, outcome.change_percent, outcome.target
    if pct is None:
        return f"{name}: {outcome.measure.format_value(outcome.result)} ({outcome.reason})"
    if change < 0:
        happened = f"{abs(pct)}% or {_crimes(change, 'fewer')}"
    elif change > 0:
        happened = f"{abs(pct)}% or {_crimes(change, 'more')}"
    else:
        happened = None

    if outcome.status == Status.ACHIEVED:
        target = round_published(target)
        verb = "exceeding" if pct != target else "meeting"
        if target < 0 and change < 0:
            return (
                f"a reduction in {name} of {happened}, {verb} the {abs(target)}% reduction target"
            )
        what = f"a change in {name} of {happened}" if happened else f"no change in {name}"
        return f"{what}, within the target of {change_target_phrase(outcome.measure, target)}"

    were = plural(change, "was", "were")
    if change > 0:
        there_were = f"there {were} {_crimes(change, 'more')}, a {abs(pct)}% increase"
    elif change < 0:
        there_were = f"there {were} {_crimes(change, 'fewer')}, a {abs(pct)}% reduction"
    else:
        there_were = "there was no change"
    if outcome.status == Status.MISSED:
        target = round_published(target)
        if target < 0:
            aim = f"a target to reduce {name} by {abs(target)}%"
        else:
            aim = f"a target of {change_target_phrase(outcome.measure, target)} in {name}"
        return f"{aim}: {there_were}"
    return f"{name}: {there_were}"


def in_plain_words(outcome) -> str:
    """One outcome as a sentence a reader can take in at a glance, from the same numbers as
    the table: "Residential burglary rose by 382 to 1,880, up 25.5%, missing its target of
    a 2.5% reduction." ``outcome`` is an Outcome, or anything with its fields."""
    m = outcome.measure
    name = m.name[:1].upper() + m.name[1:]
    if outcome.result is None:
        return f"{name}: {outcome.reason}."
    if m.target_kind != TargetKind.CHANGE:
        sentence = f"{name} was {m.format_value(outcome.result)}"
        bound = "at least " if m.target_kind == TargetKind.LEVEL else "no more than "
        aim = f"its target of {bound}{m.format_value(outcome.target)}" if outcome.target else ""
    else:
        change, pct = outcome.change, outcome.change_percent
        if change is None or pct is None:
            return f"{name}: {m.format_value(outcome.result)} ({outcome.reason})."
        level = format_count(outcome.result)
        if change > 0:
            sentence = f"{name} rose by {format_count(change)} to {level}, up {abs(pct)}%"
        elif change < 0:
            sentence = f"{name} fell by {format_count(abs(change))} to {level}, down {abs(pct)}%"
        else:
            sentence = f"{name} stayed at {level}, no change"
        aim = "" if outcome.target is None else f"its target of {m.format_target(outcome.target)}"
        target = None if outcome.target is None else round_published(outcome.target)
        fell_too_little = (
            m.better == Better.LOWER and target is not None and target < 0 and change < 0
        )
        if outcome.status == Status.MISSED and fell_too_little:
            return (
                f"{sentence}: less than the {abs(target)}% reduction aimed for, "
                "so it missed its target."
            )
    if outcome.status == Status.ACHIEVED:
        return f"{sentence}, meeting {aim}."
    if outcome.status == Status.MISSED:
        return f"{sentence}, missing {aim}."
    if outcome.status == Status.NOT_SIGNIFICANT:
        return (
            f"{sentence}: too close to {aim} to say whether it was met, given the survey's "
            "margin of error."
        )
    return f"{sentence}."


def targets_met_text(outcomes) -> str:
    """ "Targets met: 2 of 7." over the outcomes that were judged; "" if none was."""
    judged = [o for o in outcomes if o.status in (Status.ACHIEVED, Status.MISSED)]
    if not judged:
        return ""
    met = sum(1 for o in judged if o.status == Status.ACHIEVED)
    return f"Targets met: {met} of {len(judged)}."


# ---------------------------------------------------------------- derived figures

FigureKey = tuple[str, str, int, str]  # (area code, measure slug, year, "result"/"target")


ENTERED = "entered"


# A satisfaction gap worked out from its two groups, and what the page says it is.
GAP_GROUPS = {
    "victim-satisfaction-gap": ("victim-satisfaction-white", "victim-satisfaction-bme"),
}
GAP_SOURCE = "White victims' satisfaction minus BME victims'"


def derived_text(source: str) -> str:
    """What a derived figure is, for the page: "the sum of its parts", or the gap's groups."""
    if not source:
        return ""
    return source if source == GAP_SOURCE else f"the sum of {source}"


def describe_source(source: str) -> str:
    """How a figure came to be, in words: "entered", "the sum of its parts"."""
    return "entered" if source == ENTERED else derived_text(source)


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
        small = ()
        if measure.unit == Unit.OFFENCES and not not_comparable:
            small = tuple(filter(None, [small_numbers_note(outcome.previous, outcome.result)]))
        return replace(
            outcome,
            coverage=self._coverage(area, measure.slug, year),
            notes=disagreements + small + self._break_notes(measure, area, year),
            disagreements=disagreements,
        )


def _names(names: list[str]) -> str:
    """["Bexley"] → "Bexley"; three → "A, B and C"; more than five → "7 boroughs"."""
    if len(names) > 5:
        return f"{len(names)} boroughs"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- months (recorded crime)

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


# ---------------------------------------------------------------- series breaks


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
