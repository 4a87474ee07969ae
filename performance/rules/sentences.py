"""The leaflet's sentences: statements, priorities and plain-words verdicts."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .kinds import Better, Status, TargetKind
from .measures import MeasureSpec, change_target_phrase
from .numbers import format_count, plural, round_published

if TYPE_CHECKING:
    from .outcomes import Outcome


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


def against_london(outcome, london_percent) -> str:
    """For a year without targets: the change on last year beside London's, "Residential
    burglary fell 7.8%, more than London's fall of 3.1%." ``london_percent`` is London's %
    change in the measure that year, or None (the borough's sentence alone)."""
    m = outcome.measure
    name = m.name[:1].upper() + m.name[1:]
    pct = outcome.change_percent
    if outcome.result is None or pct is None or m.target_kind != TargetKind.CHANGE:
        return outcome.verdict or in_plain_words(outcome)
    moved = "rose" if pct > 0 else "fell" if pct < 0 else "did not change"
    sentence = f"{name} {moved}" + (f" {abs(pct)}%" if pct else "")
    sentence += f" (to {format_count(outcome.result)})"
    if london_percent is None:
        return f"{sentence}."
    london = "rise" if london_percent > 0 else "fall"
    if london_percent == 0:
        return f"{sentence}, while London's did not change."
    if pct == 0 or (pct > 0) != (london_percent > 0):
        return (
            f"{sentence}, while London's {'rose' if london_percent > 0 else 'fell'} "
            f"{abs(london_percent)}%."
        )
    if abs(pct) == abs(london_percent):
        return f"{sentence}, as London's did."
    more = "more" if abs(pct) > abs(london_percent) else "less"
    return f"{sentence}, {more} than London's {london} of {abs(london_percent)}%."


def no_targets_text(year_label_text: str, *, beside_london: bool = True) -> str:
    """Said where a year had no targets; London-wide is not compared with itself."""
    against = ", and with London's change" if beside_london else ""
    return (
        f"No targets were set for {year_label_text}: each measure is compared with the year "
        f"before{against}."
    )


def targets_met_text(outcomes) -> str:
    """ "Targets met: 2 of 7." over the outcomes that were judged; "" if none was."""
    judged = [o for o in outcomes if o.status in (Status.ACHIEVED, Status.MISSED)]
    if not judged:
        return ""
    met = sum(1 for o in judged if o.status == Status.ACHIEVED)
    return f"Targets met: {met} of {len(judged)}."
