"""An outcome: a year's result against its target and the year before, assessed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .kinds import Better, Status, TargetKind
from .measures import MeasureSpec
from .numbers import format_count, format_signed_percent, percent_change, plural, round_published
from .sentences import in_plain_words, priority_text, statement
from .sources import derived_text
from .uncertainty import ORDINARY_VARIATION, Interval, judged_with_margin, uncertainty_text
from .years import year_label

# What a release freezes of an outcome (Outcome.as_released), by ReleasedOutcome's names.
RELEASED_FIELDS = (
    "result",
    "previous",
    "target",
    "change",
    "change_percent",
    "status",
    "reason",
    "result_text",
    "target_text",
    "statement",
    "verdict",
    "priority",
    "derived_from",
    "coverage",
    "notes",
    "interval_low",
    "interval_high",
    "sample_sizes",
)


class OutcomeWords:
    """What an outcome, computed or as released and shown, says of itself: its status and
    year in words, its interval, and where a derived result comes from; needs
    ``measure``, ``year``, ``status``, ``result``, ``interval`` and ``derived_from``."""

    @property
    def within_ordinary_variation(self) -> bool:
        return any(note.startswith(ORDINARY_VARIATION) for note in self.notes)

    @property
    def printed_notes(self) -> tuple[str, ...]:
        """The notes a printed table gives in full: a change within ordinary variation is
        marked beside it instead, and said once below the table."""
        return tuple(note for note in self.notes if not note.startswith(ORDINARY_VARIATION))

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def year_label(self) -> str:
        return year_label(self.year)

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
class Outcome(OutcomeWords):
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

    def as_released(self) -> dict:
        """What a release freezes of the outcome, and every page shows: its numbers and its
        words, worked out once, under the names of ReleasedOutcome's fields and of the
        page's view. The one mapping from a computed outcome to what the public reads:
        publishing stores it, staff's preview shows it."""
        return {
            "result": self.result,
            "previous": self.previous,
            "target": self.target,
            "change": self.change,
            "change_percent": self.change_percent,
            "status": self.status,
            "reason": self.reason,
            "result_text": self.result_text,
            "target_text": self.target_text,
            "statement": self.statement,
            "verdict": in_plain_words(self),
            "priority": "" if self.target is None else priority_text(self.measure, self.target),
            "derived_from": self.derived_from,
            "coverage": self.coverage,
            "notes": list(self.notes),
            "interval_low": self.interval_low,
            "interval_high": self.interval_high,
            "sample_sizes": self.sample_sizes,
        }


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
