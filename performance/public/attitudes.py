"""What people in a borough think of their police: MOPAC's Public Attitude Survey by quarter,
from the editions released by now, each quarter from the latest edition that gives it.

MOPAC publishes proportions without sample sizes, so no margin of error is made up; and
it publishes no London-wide figure here, so none is made from the boroughs. Three queries,
however many quarters and editions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from boroughs.models import Area

from ..charts import MonthlyChart, quarterly_chart
from ..models import AttitudeValue
from ..rules import round_published
from ..rules.quarters import quarter_label, quarter_words
from .outcomes import moment_or_now
from .years import measures_by_id

# The trend shows this many quarters; the table below it has them all.
TREND_QUARTERS = 12

# What each measure asks, in the words MOPAC's dashboard gives it.
QUESTIONS = {
    "good-job": "agree the police do a good job in the local area",
    "fair-treatment": "agree the police treat everyone fairly",
    "trust": "trust the Metropolitan Police",
}
SOURCE = (
    "Mayor's Office for Policing and Crime (MOPAC), Public Attitude Survey, by borough and "
    "quarter, published under the Open Government Licence"
)


@dataclass(frozen=True)
class QuarterValue:
    quarter: datetime.date  # its first day
    percent: Decimal  # one decimal place

    @property
    def label(self) -> str:
        return quarter_words(self.quarter)

    @property
    def code(self) -> str:
        """ "2025-26-Q4", as the API writes it."""
        return quarter_label(self.quarter)

    @property
    def short(self) -> str:
        code = self.code
        return f"{code[-2:]} {code[2:4]}/{code[5:7]}"

    @property
    def percent_text(self) -> str:
        return f"{self.percent}%"


@dataclass(frozen=True)
class AttitudeMeasure:
    slug: str
    name: str
    question: str
    quarters: list[QuarterValue]  # oldest first
    year_before: QuarterValue | None  # the same quarter a year before the latest
    rank: int | None  # 1 is the highest of ``ranked`` boroughs in the latest quarter
    ranked: int
    chart: MonthlyChart | None

    @property
    def latest(self) -> QuarterValue:
        return self.quarters[-1]

    @property
    def change(self) -> Decimal | None:
        if self.year_before is None:
            return None
        return self.latest.percent - self.year_before.percent

    @property
    def change_text(self) -> str:
        """ "up 3.0 points on a year before", "no change on a year before"."""
        change = self.change
        if change is None:
            return "no figure for a year before"
        if change == 0:
            return f"the same as a year before ({self.year_before.label})"
        way = "up" if change > 0 else "down"
        points = "point" if abs(change) == 1 else "points"
        return f"{way} {abs(change)} {points} on a year before ({self.year_before.label})"

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return ""
        return f"{_ordinal(self.rank)} highest of {self.ranked} boroughs"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass(frozen=True)
class Attitudes:
    area: Area
    edition_text: str  # the day of the latest edition released: "about 1 April 2026"
    measures: list[AttitudeMeasure]
    source: str = SOURCE


def _percent(proportion: Decimal) -> Decimal:
    return round_published(Decimal(proportion) * 100)


def _latest_by_key(rows):
    """rows: ((edition's day, edition id), *key, proportion). For each key, the value the
    latest edition gives."""
    chosen: dict[tuple, tuple] = {}
    for order, *key, proportion in rows:
        if tuple(key) not in chosen or chosen[tuple(key)][0] < order:
            chosen[tuple(key)] = (order, proportion)
    return {key: proportion for key, (_, proportion) in chosen.items()}


def attitudes_of(area: Area, moment=None) -> Attitudes | None:
    """The survey's measures for a borough as released by then; None before any is. Two
    queries (one when none is released)."""
    released = {"edition__release_at__lte": moment_or_now(moment)}
    rows = list(
        AttitudeValue.objects.filter(area=area, **released).values_list(
            "edition__published_on",
            "edition_id",
            "edition__published_on_is_approximate",
            "measure_id",
            "quarter",
            "proportion",
        )
    )
    if not rows:
        return None
    values = _latest_by_key(((day, e), m, q, p) for day, e, _, m, q, p in rows)
    latest_quarter = max(quarter for _, quarter in values)
    everyone = _latest_by_key(
        ((day, e), m, a, p)
        for day, e, m, a, p in AttitudeValue.objects.filter(
            quarter=latest_quarter, **released
        ).values_list("edition__published_on", "edition_id", "measure_id", "area_id", "proportion")
    )
    measures = []
    for measure in measures_by_id().values():
        quarters = sorted(
            (
                QuarterValue(quarter, _percent(p))
                for (measure_id, quarter), p in values.items()
                if measure_id == measure.pk
            ),
            key=lambda q: q.quarter,
        )
        if not quarters:
            continue
        latest = quarters[-1]
        before = next(
            (
                q
                for q in quarters
                if q.quarter == latest.quarter.replace(year=latest.quarter.year - 1)
            ),
            None,
        )
        others = [_percent(p) for (m, _), p in everyone.items() if m == measure.pk]
        rank = None
        if latest.quarter == latest_quarter:
            rank = 1 + sum(1 for value in others if value > latest.percent)
        shown = quarters[-TREND_QUARTERS:]
        measures.append(
            AttitudeMeasure(
                slug=measure.slug,
                name=measure.name,
                question=QUESTIONS.get(measure.slug, measure.name.lower()),
                quarters=quarters,
                year_before=before,
                rank=rank,
                ranked=len(others),
                chart=quarterly_chart(
                    measure.name, [(q.label, q.short) for q in shown], [q.percent for q in shown]
                ),
            )
        )
    day, _, approximate, *_ = max(rows, key=lambda row: (row[0], row[1]))
    edition_text = f"{'about ' if approximate else ''}{day:%-d %B %Y}"
    return Attitudes(area, edition_text, measures)
