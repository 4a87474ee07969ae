"""What a release covers, the catalogue it is planned with, and why one may be refused."""

from __future__ import annotations

from dataclasses import dataclass

from boroughs.models import Area

from ..models import (
    BoroughSummary,
    Figure,
    FinancialYear,
    LondonSummary,
    Measure,
    SeriesBreak,
)
from ..models.recorded_crime import TOTAL_CRIME
from ..rules import (
    MeasureSpec,
    SeriesBreakNote,
)

SUMMARY_FIELDS = {
    BoroughSummary: [
        "commander_name",
        "commander_message",
        "initiatives",
        "priorities_text",
        "figures_note",
    ],
    LondonSummary: [
        "chair_message",
        "chair_name",
        "chair_role",
        "mission_title",
        "mission_text",
        "mission_outcomes",
        "plan_title",
        "strategic_priorities",
        "figures_note",
    ],
}
GROUP_FIELDS = ["name", "description", "how_to_join", "email", "telephone", "website"]
CONTACT_FIELDS = ["name", "description", "telephone", "minicom", "website", "position"]
# The numbers that make an outcome what it is: a difference in any is a revision.
NUMBERS = (
    "result",
    "previous",
    "target",
    "change",
    "change_percent",
    "status",
    "coverage",
    "interval_low",
    "interval_high",
    "sample_sizes",
)


class PublishError(Exception):
    def __init__(self, problems, plan=None):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems
        self.plan = plan  # the plan refused, to show again


class ReviewOutdated(PublishError):
    """What would be published is no longer what was reviewed: nothing is published."""

    def __init__(self, plan):
        super().__init__(
            ["The figures changed since you reviewed them: review again before publishing."],
            plan,
        )


class Problem(str):
    """Why a release cannot be published yet, in words, with the figure to fix (if one)."""

    figure: Figure | None

    def __new__(cls, text: str, figure: Figure | None = None):
        problem = super().__new__(cls, text)
        problem.figure = figure
        return problem


@dataclass(frozen=True)
class Scope:
    """A year (None: every year) for one area (None: every area); or exactly the figures
    given (an import published at once), and nothing else."""

    year: FinancialYear | None = None
    area: Area | None = None
    figure_ids: frozenset | None = None

    def covers(self, area: Area, year_id: int) -> bool:
        if self.figure_ids is not None:
            return False  # only the figures given, which are drafts: nothing else moves
        return (self.area is None or self.area.pk == area.pk) and (
            self.year is None or self.year.pk == year_id
        )

    @property
    def everywhere(self) -> bool:
        return self.area is None and self.figure_ids is None

    @property
    def everything(self) -> bool:
        """Every area and every year: what publishes what covers them all (recorded crime
        editions, series breaks)."""
        return self.everywhere and self.year is None

    def describe(self) -> str:
        if self.figure_ids is not None:
            return f"{len(self.figure_ids)} imported figures"
        where = self.area.name if self.area else "every area"
        return f"{self.year.label if self.year else 'every year'}, {where}"


class Catalogue:
    """Areas, measures and years, read once, by id and by the codes the rules use."""

    def __init__(self):
        self.areas = {a.pk: a for a in Area.objects.all()}
        self.area_by_code = {a.code: a for a in self.areas.values()}
        self.measures = {m.pk: m for m in Measure.objects.all()}
        self.measure_by_slug = {m.slug: m for m in self.measures.values()}
        self.years = {y.pk: y for y in FinancialYear.objects.all()}
        self.year_by_start = {y.start_year: y for y in self.years.values()}
        self.borough_codes = sorted(a.code for a in self.areas.values() if not a.is_london)
        self.parent = {
            m.slug: self.measures[m.part_of_id].slug
            for m in self.measures.values()
            if m.part_of_id in self.measures
        }
        self.series_breaks = self._series_breaks()

    def _series_breaks(self) -> list[SeriesBreakNote]:
        """Each break with every measure it touches: its own (or its category's, and total
        crime, which counts every category), and the measure that sums it as a part."""
        notes = []
        for found in SeriesBreak.objects.select_related("category").order_by("from_month", "pk"):
            if found.measure_id is not None:
                slugs = {self.measures[found.measure_id].slug}
            else:
                slugs = {TOTAL_CRIME}
                if found.category.measure_id in self.measures:
                    slugs.add(self.measures[found.category.measure_id].slug)
            slugs |= {self.parent[s] for s in slugs if s in self.parent}
            month = (found.from_month.year, found.from_month.month)
            notes.append(SeriesBreakNote(frozenset(slugs), month, found.note))
        return notes

    def figure_key(self, area_id, measure_id, year_id, kind):
        return (
            self.areas[area_id].code,
            self.measures[measure_id].slug,
            self.years[year_id].start_year,
            kind,
        )

    def year(self, start: int) -> FinancialYear | None:
        return self.year_by_start.get(start)


def definition(measure: Measure) -> dict:
    return {
        "name": measure.name,
        "slug": measure.slug,
        "unit": measure.unit,
        "better": measure.better,
        "target_kind": measure.target_kind,
        "position": measure.position,
    }


def spec_of(data: dict) -> MeasureSpec:
    return MeasureSpec(
        slug=data["slug"],
        name=data["name"],
        unit=data["unit"],
        better=data["better"],
        target_kind=data["target_kind"],
    )
