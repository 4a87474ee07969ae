"""Survey results: counts and shares per question, for staff (with filters) and the public.

A fixed number of queries whatever the number of responses: counts are
aggregated by the database, never by looping over responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import tablib
from django.db.models import Count, OuterRef, Prefetch, Subquery

from performance.rules import wilson_bounds
from sitewide.sections import Section
from sitewide.spreadsheets import neutralise_formulae

from .models import (
    Answer,
    Audience,
    Channel,
    Question,
    QuestionKind,
    Response,
    Survey,
    WeDid,
)


@dataclass
class OptionResult:
    label: str
    count: int
    share: float  # of respondents who answered the survey, 0 to 100
    base: int = 0  # how many respondents the share is of
    # In a ranking (priorities, tick-all lists): "1st", "Joint 2nd"; and, when this one's
    # margin of error overlaps the one ranked above it, that the order is too close to call.
    rank_text: str = ""
    too_close_to_call: str = ""

    @property
    def share_text(self) -> str:
        return f"{self.share:.0f}%"

    @property
    def margin(self) -> tuple[float, float] | None:
        """The share's 95% confidence interval (Wilson score), in percent; None with no base."""
        if not self.base:
            return None
        low, high = wilson_bounds(self.count / self.base, self.base)
        return 100 * low, 100 * high

    @property
    def margin_text(self) -> str:
        """ "18% to 67%": the 95% margin of error, in whole percents as the shares are."""
        if self.margin is None:
            return "–"
        low, high = self.margin
        return f"{whole_percent(low)}% to {whole_percent(high)}%"

    @property
    def bar_width(self) -> str:
        """The share as the bar chart's width, out of 100."""
        return f"{self.share:.1f}"


@dataclass
class QuestionResult:
    question_id: int
    text: str
    kind: str
    options: list[OptionResult] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    answered: int = 0
    # Responses that chose more than the question allows (keyed from paper as given): their
    # choices here are left out of the counts and of the shares' base.
    not_counted: int = 0

    @property
    def ranked(self) -> list[OptionResult]:
        return mark_ranking(self.options)

    @property
    def base(self) -> int:
        """How many respondents each share is of."""
        return self.options[0].base if self.options else 0

    @property
    def is_ranked(self) -> bool:
        return self.kind in (QuestionKind.PRIORITIES, QuestionKind.MULTIPLE)

    @property
    def options_for_display(self) -> list[OptionResult]:
        """Priorities and tick-all lists most chosen first; scales and single choices in order."""
        return self.ranked if self.is_ranked else self.options


def whole_percent(value: float) -> int:
    """A percentage to the nearest whole number, halves up (as the shares are shown)."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def mark_ranking(options: list[OptionResult]) -> list[OptionResult]:
    """Options most chosen first, each with its place ("Joint 1st" where counts tie) and,
    where its margin of error overlaps the one above it, a note that the order of the two
    is too close to call: the survey cannot tell them apart."""
    ranked = sorted(options, key=lambda o: (-o.count, o.label))
    for i, option in enumerate(ranked):
        place = 1 + sum(1 for other in ranked if other.count > option.count)
        tied = sum(1 for other in ranked if other.count == option.count) > 1
        option.rank_text = f"{'Joint ' if tied else ''}{ordinal(place)}"
        above = ranked[i - 1] if i else None
        overlaps = (
            above is not None
            and above.count > option.count
            and option.margin is not None
            and option.margin[1] >= above.margin[0]
        )
        option.too_close_to_call = f"too close to call against {above.label}" if overlaps else ""
    return ranked


# In public, a group of fewer responses than this is not shown on its own (a borough's
# results, a count by channel): with so few, answers could identify the people who gave them.
SMALLEST_PUBLIC_GROUP = 10
# Below this many responses the shares are shown with a warning that they are rough: a share
# of 30 people has a margin of error of up to about ±17 points.
ROUGH_BELOW = 30


@dataclass
class SurveyResults:
    survey: Survey
    total: int
    by_channel: dict[str, int]
    questions: list[QuestionResult]

    @property
    def channels(self):
        return [(label, self.by_channel.get(value, 0)) for value, label in Channel.choices]

    @property
    def too_few_to_show(self) -> bool:
        return self.total < SMALLEST_PUBLIC_GROUP

    @property
    def rough(self) -> bool:
        """Shown, but from so few people that the shares are rough."""
        return SMALLEST_PUBLIC_GROUP <= self.total < ROUGH_BELOW

    @property
    def priorities(self) -> QuestionResult | None:
        """The survey's priorities question: what its results lead with."""
        return next((q for q in self.questions if q.kind == QuestionKind.PRIORITIES), None)

    def top_priorities(self, limit: int = 3) -> list[OptionResult]:
        """The priorities chosen most often, most first (none chosen, none listed)."""
        return [o for o in self.priorities.ranked if o.count][:limit] if self.priorities else []

    @property
    def top_priorities_text(self) -> str:
        """ "residential burglary, anti-social behaviour and knife crime": the top three."""
        names = [o.label[:1].lower() + o.label[1:] for o in self.top_priorities()]
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)

    @property
    def public_channels(self):
        """The split by channel, or None when a channel used at all has fewer responses than
        may be shown (hiding only that one would not do: the total gives it away)."""
        if any(0 < count < SMALLEST_PUBLIC_GROUP for count in self.by_channel.values()):
            return None
        return [(label, count) for label, count in self.channels if count]


def survey_results(survey: Survey, *, responses=None, include_text: bool = False) -> SurveyResults:
    """Results for the responses given (all the survey's by default)."""
    if responses is None:
        responses = Response.objects.for_results(survey)
    by_channel = dict(responses.values_list("channel").annotate(n=Count("pk")).order_by())
    total = sum(by_channel.values())
    every_answer = Answer.objects.filter(response__in=responses.values("pk"))
    not_counted = dict(
        every_answer.filter(counted=False)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    answers = every_answer.filter(counted=True)
    option_counts = dict(
        answers.filter(option__isnull=False)
        .values_list("option_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    answered = dict(
        answers.values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    texts: dict[int, list[str]] = {}
    if include_text:
        for question_id, text in (
            answers.exclude(text="")
            .order_by("-response__submitted_at")
            .values_list("question_id", "text")
        ):
            texts.setdefault(question_id, []).append(text)
    results = []
    for question in survey.questions.all():
        result = QuestionResult(
            question_id=question.pk,
            text=question.text,
            kind=question.kind,
            answered=answered.get(question.pk, 0),
            texts=texts.get(question.pk, []),
            not_counted=not_counted.get(question.pk, 0),
        )
        if question.kind != QuestionKind.TEXT:
            base = total - result.not_counted
            for option in question.options.all():
                count = option_counts.get(option.pk, 0)
                result.options.append(
                    OptionResult(option.label, count, 100 * count / base if base else 0.0, base)
                )
        results.append(result)
    return SurveyResults(survey=survey, total=total, by_channel=by_channel, questions=results)


def top_priorities(survey: Survey, responses, limit: int = 3) -> list[OptionResult] | None:
    """The priorities chosen most often in the survey's priorities question, most first;
    None when too few people answered for their choices to be shown in public."""
    results = survey_results(survey, responses=responses)
    if results.too_few_to_show:
        return None
    return results.top_priorities(limit)


def published_we_did(survey: Survey, borough=None) -> str:
    """What was done, as published with the results: the borough's write-up, or London's."""
    return (
        WeDid.objects.filter(survey=survey, borough=borough)
        .values_list("published_text", flat=True)
        .first()
        or ""
    )


def you_said_section(area, year, priorities):
    """ "You said, we did" for a borough's page: the priorities its residents and its
    businesses chose, side by side, in the surveys about the year after ``year`` (the year
    the page's priorities are for), once their results are public, beside the priorities
    then set. A fixed number of queries for each audience. Registered with
    sitewide.sections by this app."""
    questions = Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
    written = WeDid.objects.filter(survey=OuterRef("pk"), borough=area)
    surveys = list(
        Survey.objects.with_public_results()
        .filter(year__start_year=year.start_year + 1)
        .annotate(we_did_here=Subquery(written.values("published_text")[:1]))
        .order_by("-audience")  # residents, then businesses
        .prefetch_related(questions)
    )
    said = []
    for audience in (Audience.RESIDENTS, Audience.BUSINESSES):
        survey = next((s for s in surveys if s.audience == audience), None)
        if survey is None:
            continue
        responses = Response.objects.for_results(survey).filter(borough=area)
        chosen = top_priorities(survey, responses)
        said.append(
            {
                "survey": survey,
                "who": "residents" if audience == Audience.RESIDENTS else "businesses",
                "chosen": chosen or [],
                "too_few": chosen is None,
                "we_did": survey.we_did_here or "",
            }
        )
    if not said:
        return None
    context = {
        "said": said,
        "year": surveys[0].year,
        "priorities": priorities,
        "area": area,
    }
    return Section("consultation/_you_said.html", context)


SUMMARY_HEADERS = [
    "question",
    "answer",
    "people",
    "share_percent",
    "margin_low_percent",
    "margin_high_percent",
    "rank",
    "too_close_to_call",
    "answered",
    "not_counted",
]


def results_summary(results: SurveyResults) -> tablib.Dataset:
    """The results as staff see them, one row per answer of each question with choices, for
    a spreadsheet: text a spreadsheet would run as a formula is made plain text."""
    summary = tablib.Dataset(headers=SUMMARY_HEADERS, title="Results")
    for question in results.questions:
        if question.kind == QuestionKind.TEXT:
            continue
        for option in question.options_for_display:
            summary.append(
                [
                    question.text,
                    option.label,
                    option.count,
                    round(option.share, 1),
                    *([round(bound, 1) for bound in option.margin] if option.margin else ["", ""]),
                    option.rank_text,
                    option.too_close_to_call,
                    question.answered,
                    question.not_counted,
                ]
            )
    return neutralise_formulae(summary)
