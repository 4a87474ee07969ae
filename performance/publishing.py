"""Publication: a release computes and freezes every public outcome it changes.

Staff work on drafts (figures, summary words, engagement groups and contacts, the
measure catalogue). Nothing of that is public until a release, which:

1. takes what is published now and puts the drafts in its scope (a year or every
   year; one area or every area) in their place: the *proposed* figures;
2. works out every public outcome (area, year, measure) whose inputs changed, knock-on
   outcomes included: next year's change, a total's parts, London's sum of the
   boroughs, a measure's definition;
3. stores, as rows of the release, the figures and outcomes that differ from what was
   published before (new, revised with their cause, withdrawn), and the words and
   contacts that changed.

The public reads the latest rows released by now (performance.public), so a later
change reaches no one until the next release, and every revision is a visible diff.
``plan_release`` works all this out without writing, for staff to review first.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, JSONField, OuterRef, Subquery, When
from django.forms.models import model_to_dict
from django.utils import timezone

from boroughs.models import LONDON_CODE, Area, EngagementGroup, UsefulContact
from policing.cache import invalidate_public_pages
from policing.models import Publication

from .models import (
    BoroughSummary,
    ContentKind,
    ContentVersion,
    CrimeEdition,
    Figure,
    FigureStatus,
    FigureVersion,
    FinancialYear,
    LondonSummary,
    Measure,
    PublishedVia,
    Release,
    ReleasedOutcome,
    SeriesBreak,
    SummaryVersion,
)
from .models.recorded_crime import TOTAL_CRIME
from .rules import (
    ENTERED,
    GAP_GROUPS,
    GAP_SOURCE,
    FigureBook,
    FigureKind,
    MeasureSpec,
    Outcome,
    SeriesBreakNote,
    Status,
    Unit,
    describe_source,
    plural,
    priority_text,
    year_label,
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


# ---------------------------------------------------------------- what a release covers


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


# ---------------------------------------------------------------- the figures


@dataclass
class FigureState:
    """Figure values by (area code, measure slug, start year, kind), and which are made up."""

    values: dict[tuple, Decimal] = field(default_factory=dict)
    illustrative: set[tuple] = field(default_factory=set)


def published_state(cat: Catalogue) -> FigureState:
    """What the latest release of each figure says (scheduled ones too: they come first)."""
    state = FigureState()
    seen = set()
    rows = FigureVersion.objects.latest_first().values_list(
        "area_id", "measure_id", "year_id", "kind", "value", "illustrative"
    )
    for area_id, measure_id, year_id, kind, value, illustrative in rows:
        key = cat.figure_key(area_id, measure_id, year_id, kind)
        if key in seen:
            continue
        seen.add(key)
        if value is not None:
            state.values[key] = value
            if illustrative:
                state.illustrative.add(key)
    return state


def drafts_in(scope: Scope):
    if scope.figure_ids is not None:
        return Figure.objects.filter(pk__in=scope.figure_ids)
    figures = Figure.objects.all()
    if scope.year is not None:
        figures = figures.filter(year=scope.year)
    if scope.area is not None:
        figures = figures.filter(area=scope.area)
    return figures


@dataclass
class FigureChange:
    key: tuple
    before: Decimal | None
    after: Decimal | None
    figure: Figure | None
    illustrative: bool = False

    @property
    def is_correction(self) -> bool:
        return self.before is not None and self.after is not None and self.before != self.after

    @property
    def is_withdrawal(self) -> bool:
        return self.after is None

    @property
    def is_new(self) -> bool:
        return self.before is None and self.after is not None


def proposed_state(cat: Catalogue, scope: Scope, published: FigureState):
    """The published figures with the drafts in scope in their place, and what differs."""
    proposed = FigureState(dict(published.values), set(published.illustrative))
    drafts = {
        cat.figure_key(f.area_id, f.measure_id, f.year_id, f.kind): f for f in drafts_in(scope)
    }
    changes = []
    for key in sorted(set(drafts) | {k for k in published.values if _in_scope(cat, scope, k)}):
        figure = drafts.get(key)
        before = published.values.get(key)
        after = None if figure is None else figure.value
        illustrative = bool(figure and figure.illustrative)
        if after is None:
            proposed.values.pop(key, None)
            proposed.illustrative.discard(key)
        else:
            proposed.values[key] = after
            (proposed.illustrative.add if illustrative else proposed.illustrative.discard)(key)
        was_illustrative = key in published.illustrative
        if before != after or (after is not None and was_illustrative != illustrative):
            changes.append(FigureChange(key, before, after, figure, illustrative))
    return proposed, changes


@dataclass
class WaitingFigures:
    """A year's figures that differ from what was last released: drafts to publish."""

    year: FinancialYear
    total: int = 0
    corrected: int = 0
    withdrawn: int = 0

    def __str__(self) -> str:
        words = (
            f"{self.total} draft {plural(self.total, 'figure', 'figures')} for "
            f"{self.year.label} not yet published"
        )
        details = [
            f"{count} {what}"
            for count, what in (
                (self.corrected, "correcting a published figure"),
                (self.withdrawn, "withdrawing one"),
            )
            if count
        ]
        return words + (f" ({'; '.join(details)})" if details else "")


def figures_waiting(area_ids: set[int] | None = None) -> list[WaitingFigures]:
    """What staff have entered, changed or deleted since the last release, by year (newest
    first), for the areas given (None: every area)."""
    cat = Catalogue()
    _, changes = proposed_state(cat, Scope(), published_state(cat))
    by_year: dict[int, WaitingFigures] = {}
    for change in changes:
        code, _, start, _ = change.key
        if area_ids is not None and cat.area_by_code[code].pk not in area_ids:
            continue
        waiting = by_year.setdefault(start, WaitingFigures(cat.year(start)))
        waiting.total += 1
        waiting.withdrawn += change.is_withdrawal
        waiting.corrected += change.is_correction
    return [by_year[start] for start in sorted(by_year, reverse=True)]


def _in_scope(cat: Catalogue, scope: Scope, key) -> bool:
    code, _, start, _ = key
    year = cat.year(start)
    return year is not None and scope.covers(cat.area_by_code[code], year.pk)


def book_of(cat: Catalogue, state: FigureState, series_breaks=None) -> FigureBook:
    """The rules' view of these figures, with the series breaks given (by default, every
    break now known)."""
    parts = defaultdict(list)
    for child, parent in cat.parent.items():
        parts[parent].append(child)
    return FigureBook(
        state.values,
        parts=parts,
        offence_measures=[m.slug for m in cat.measures.values() if m.unit == Unit.OFFENCES],
        borough_codes=cat.borough_codes,
        london_code=LONDON_CODE,
        area_names={a.code: a.name for a in cat.areas.values()},
        series_breaks=cat.series_breaks if series_breaks is None else series_breaks,
    )


# ---------------------------------------------------------------- the outcomes


def outcome_inputs(cat: Catalogue, book: FigureBook, spec: MeasureSpec, code: str, start: int):
    """The figures an outcome was computed from, to say next time what changed."""

    def value(found):
        return None if found is None else str(found[0])

    current = book.result_with_source(code, spec.slug, start)
    previous = book.result_with_source(code, spec.slug, start - 1)
    inputs = {
        "result": value(current),
        "source": book.source(code, spec.slug, start),
        "previous": value(previous),
        "target": None if (t := book.target(code, spec.slug, start)) is None else str(t),
        "definition": {k: v for k, v in spec.__dict__.items()},
    }
    sizes = {
        slug: str(size)
        for slug in (spec.slug, *GAP_GROUPS.get(spec.slug, ()))
        if (size := book.sample_size(code, slug, start)) is not None
    }
    if sizes:
        inputs["sample_sizes"] = sizes
    if current is not None and current[1] == GAP_SOURCE:
        groups = GAP_GROUPS[spec.slug]
        inputs["parts"] = {g: value(book.result_with_source(code, g, start)) for g in groups}
    elif current is not None and current[1] == "its parts":
        children = [s for s, p in cat.parent.items() if p == spec.slug]
        inputs["parts"] = {s: value(book.result_with_source(code, s, start)) for s in children}
    elif current is not None and current[1]:
        inputs["parts"] = {
            c: value(book.result_with_source(c, spec.slug, start)) for c in book.borough_codes
        }
    return inputs


def illustrative(state: FigureState, book: FigureBook, code: str, slug: str, start: int) -> bool:
    """Made up for the demo, if any figure it rests on is: its own, last year's, or those
    a derived result sums."""
    keys = [(code, slug, start, FigureKind.RESULT), (code, slug, start, FigureKind.TARGET)]
    keys.append((code, slug, start - 1, FigureKind.RESULT))
    for year in (start, start - 1):
        found = book.result_with_source(code, slug, year)
        if found is not None and found[1] == "its parts":
            keys += [(code, part, year, FigureKind.RESULT) for part in book.parts.get(slug, ())]
        elif found is not None and found[1]:
            keys += [(c, slug, year, FigureKind.RESULT) for c in book.borough_codes]
    return any(key in state.illustrative for key in keys)


@dataclass
class OutcomeChange:
    """One public outcome a release would make new, revise or withdraw."""

    area: Area
    year: FinancialYear
    measure: Measure
    kind: str  # "new", "revised", "withdrawn", "restated" (words only)
    outcome: Outcome | None
    definition: dict
    inputs: dict
    illustrative: bool
    previous_row: ReleasedOutcome | None = None
    first_row: ReleasedOutcome | None = None
    cause: str = ""

    @property
    def key(self):
        return (self.area.pk, self.year.pk, self.measure.pk)

    def describe(self) -> str:
        where = f"{self.area.name}, {self.measure.name}, {self.year.label}"
        if self.kind == "new":
            return f"{where}: new"
        if self.kind == "withdrawn":
            return f"{where}: withdrawn"
        return f"{where}: {self.cause}" if self.cause else where


def affected_outcomes(cat: Catalogue, changes: list[FigureChange], measures: set[str]):
    """(area code, measure slug, start year) of every outcome the changes can touch."""
    keys = set()
    for change in changes:
        code, slug, start, _ = change.key
        codes = [code]
        if code != LONDON_CODE:
            codes.append(LONDON_CODE)  # London-wide sums of the boroughs
        slugs = [slug] + ([cat.parent[slug]] if slug in cat.parent else [])
        for c in codes:
            for s in slugs:
                keys.add((c, s, start))
                keys.add((c, s, start + 1))  # next year's change
    for slug in measures:
        keys |= {("*", slug, None)}
    return keys


def _expand(keys, cat: Catalogue, states: list[FigureState]):
    """Keys for whole measures ("*") become every (area, year) with figures for them."""
    concrete = {k for k in keys if k[0] != "*"}
    whole = {slug for code, slug, start in keys if code == "*"}
    if whole:
        for state in states:
            for code, slug, start, _ in state.values:
                if slug in whole:
                    concrete.add((code, slug, start))
    return concrete


def current_rows(keys) -> tuple[dict, dict]:
    """The latest row (any release time) and the first row of each outcome key."""
    if not keys:
        return {}, {}
    areas = {k[0] for k in keys}
    years = {k[1] for k in keys}
    measures = {k[2] for k in keys}
    latest, first = {}, {}
    rows = ReleasedOutcome.objects.filter(
        area_id__in=areas, year_id__in=years, measure_id__in=measures
    ).order_by("release_at", "pk")
    for row in rows:
        key = (row.area_id, row.year_id, row.measure_id)
        if key in keys:
            first.setdefault(key, row)
            latest[key] = row
    return latest, first


def published_definitions() -> dict[int, dict]:
    """Each measure's definition as its latest release froze it, scheduled ones included:
    what the next release is compared with."""
    return ReleasedOutcome.objects.definitions()


def _numbers(source) -> tuple:
    return tuple(_plain(getattr(source, name)) for name in NUMBERS)


def _plain(value):
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def cause_of(change: OutcomeChange, cat: Catalogue, reasons: dict) -> str:
    """Why an outcome differs from its last release, in words."""
    old, new = change.previous_row.inputs or {}, change.inputs
    year, before = change.year.label, year_label(change.year.start_year - 1)
    code = change.area.code
    causes = []
    if old.get("definition") != new["definition"]:
        causes.append("the measure's definition changed")
    if old.get("result") != new["result"]:
        if new["source"] == ENTERED and old.get("source") == ENTERED:
            own = reasons.get((code, change.measure.slug, change.year.start_year, "result"), "")
            causes.append(f"its {year} figure was revised" + (f" ({own})" if own else ""))
        elif new["source"] is None and old.get("source") == ENTERED:
            own = reasons.get((code, change.measure.slug, change.year.start_year, "result"), "")
            causes.append(f"its {year} figure was withdrawn" + (f" ({own})" if own else ""))
        elif new["source"] != old.get("source"):
            causes.append(f"its {year} figure is now {_source_words(new['source'])}")
        else:
            moved = [k for k, v in new.get("parts", {}).items() if old.get("parts", {}).get(k) != v]
            names = [
                cat.area_by_code[k].name if k in cat.area_by_code else cat.measure_by_slug[k].name
                for k in moved
                if k in cat.area_by_code or k in cat.measure_by_slug
            ]
            if names:
                were = plural(len(names), "was", "were")
                causes.append(f"{_list(names)} {were} revised")
            else:
                causes.append(f"its {year} figure was revised")
    if old.get("previous") != new["previous"]:
        own = reasons.get((code, change.measure.slug, change.year.start_year - 1, "result"), "")
        causes.append(
            f"{year} change revised because {before} was revised" + (f" ({own})" if own else "")
        )
    if old.get("target") != new["target"]:
        own = reasons.get((code, change.measure.slug, change.year.start_year, "target"), "")
        causes.append("the target was revised" + (f" ({own})" if own else ""))
    if old.get("sample_sizes") != new.get("sample_sizes"):
        own = reasons.get((code, change.measure.slug, change.year.start_year, "sample_size"), "")
        causes.append("the sample size was revised" + (f" ({own})" if own else ""))
    if not causes:
        causes.append("the way outcomes are computed changed")
    text = "; ".join(causes)
    return text[:1].upper() + text[1:]


def restatement_of(row: ReleasedOutcome, outcome: Outcome, data: dict, illustrative: bool) -> str:
    """Why an outcome with the same numbers is released again, in words."""
    differs = []
    if row.notes != list(outcome.notes):
        differs.append("its notes")
    if not _same_definition(row, data):
        differs.append("the measure's name or wording")
    if row.illustrative != illustrative:
        differs.append("whether it is illustrative")
    return "Same numbers; " + (_list(differs) if differs else "its words") + " changed"


def _source_words(source: str | None) -> str:
    if source is None:
        return "missing"
    return describe_source(source)


def _list(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- the words and contacts


def _summary_data(summary) -> dict:
    return model_to_dict(summary, fields=SUMMARY_FIELDS[type(summary)])


def with_released_words(summaries):
    """Borough or London summaries, each with ``released_data``: its words as the latest
    release (scheduled or not) has them, None when never released."""
    versions = SummaryVersion.objects.filter(year=OuterRef("year"))
    if summaries.model is BoroughSummary:
        versions = versions.filter(area=OuterRef("area"))
    else:
        versions = versions.filter(area__code=LONDON_CODE)
    latest = versions.order_by("-release_at", "-pk").values("data")[:1]
    return summaries.annotate(released_data=Subquery(latest, output_field=JSONField()))


def words_status(summary) -> FigureStatus:
    """Where a summary's words stand against the public's (from with_released_words)."""
    if summary.pk is None or summary.released_data is None:
        return FigureStatus.DRAFT
    if summary.released_data == _summary_data(summary):
        return FigureStatus.PUBLISHED
    return FigureStatus.CHANGED


def with_released_lists(rows, kind: ContentKind):
    """Engagement groups or contacts, each with ``released_list``: its borough's list (for a
    pan-London contact, the pan-London list) as the latest release has it, or None."""

    def latest(versions):
        versions = versions.filter(kind=kind).order_by("-release_at", "-pk").values("data")[:1]
        return Subquery(versions, output_field=JSONField())

    return rows.annotate(
        released_list=Case(
            When(area__isnull=True, then=latest(ContentVersion.objects.filter(area=None))),
            default=latest(ContentVersion.objects.filter(area=OuterRef("area"))),
            output_field=JSONField(),
        )
    )


def listed_status(row) -> FigureStatus:
    """Where a group or contact stands against the public's list (from with_released_lists):
    published as it is, changed (or added) since, or never published."""
    if row.pk is None or row.released_list is None:
        return FigureStatus.DRAFT
    fields = GROUP_FIELDS if isinstance(row, EngagementGroup) else CONTACT_FIELDS
    if model_to_dict(row, fields=fields) in row.released_list:
        return FigureStatus.PUBLISHED
    return FigureStatus.CHANGED


def summary_changes(cat: Catalogue, scope: Scope):
    """(area, year, summary or None, data) for words in scope that differ from the released."""
    wanted = []
    if scope.figure_ids is not None:
        return wanted
    london = cat.area_by_code[LONDON_CODE]
    boroughs = BoroughSummary.objects.all()
    londons = LondonSummary.objects.all()
    if scope.year is not None:
        boroughs, londons = boroughs.filter(year=scope.year), londons.filter(year=scope.year)
    if scope.area is not None:
        boroughs = boroughs.filter(area=scope.area) if not scope.area.is_london else boroughs.none()
        if not scope.area.is_london:
            londons = londons.none()
    drafts = {(s.area_id, s.year_id): s for s in boroughs}
    drafts |= {(london.pk, s.year_id): s for s in londons}
    released = {}
    for version in SummaryVersion.objects.order_by("release_at", "pk"):
        released[(version.area_id, version.year_id)] = version.data
    keys = set(drafts) | {k for k in released if scope.covers(cat.areas[k[0]], k[1])}
    for area_id, year_id in sorted(keys):
        summary = drafts.get((area_id, year_id))
        data = _summary_data(summary) if summary else {}
        if released.get((area_id, year_id), None if data else {}) != data:
            wanted.append((area_id, year_id, summary, data))
    return wanted


def content_changes(scope: Scope):
    """(area id or None, kind, data) for groups and contacts in scope that changed."""
    if scope.figure_ids is not None:
        return []
    if scope.area is None:
        areas = [None, *Area.objects.boroughs().values_list("pk", flat=True)]
    elif scope.area.is_london:
        areas = [None]
    else:
        areas = [scope.area.pk]
    groups, contacts = defaultdict(list), defaultdict(list)
    for group in EngagementGroup.objects.filter(area_id__in=[a for a in areas if a]).order_by(
        "name"
    ):
        groups[group.area_id].append(model_to_dict(group, fields=GROUP_FIELDS))
    pan_london = None in areas
    for contact in UsefulContact.objects.order_by("position", "name"):
        if contact.area_id in areas or (contact.area_id is None and pan_london):
            contacts[contact.area_id].append(model_to_dict(contact, fields=CONTACT_FIELDS))
    released = {}
    for version in ContentVersion.objects.order_by("release_at", "pk"):
        released[(version.area_id, version.kind)] = version.data
    changed = []
    for area_id in areas:
        for kind, data in ((ContentKind.GROUPS, groups), (ContentKind.CONTACTS, contacts)):
            if area_id is None and kind == ContentKind.GROUPS:
                continue
            wanted = data.get(area_id, [])
            if released.get((area_id, kind), []) != wanted:
                changed.append((area_id, kind, wanted))
    return changed


# ---------------------------------------------------------------- planning a release


@dataclass
class ReleasePlan:
    scope: Scope
    figure_changes: list[FigureChange]
    outcome_changes: list[OutcomeChange]
    summaries: list
    contents: list
    definitions: dict[int, dict]
    # The areas, measures and years it was planned with: publishing writes with the same.
    catalogue: Catalogue
    # Recorded crime editions imported since the last release for every area and year:
    # their monthly counts become public with it.
    editions: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Every series break now known, and whether that differs from the last release's.
    series_breaks: list[dict] = field(default_factory=list)
    series_breaks_changed: bool = False

    def count(self, kind: str) -> int:
        return sum(1 for c in self.outcome_changes if c.kind == kind)

    @property
    def counts(self) -> dict:
        return {
            "new": self.count("new"),
            "revised": self.count("revised"),
            "withdrawn": self.count("withdrawn"),
            "figures": len(self.figure_changes),
            "words": len(self.summaries),
            "contacts": len(self.contents),
            "editions": len(self.editions),
        }

    @property
    def publish_words(self) -> str:
        """'19 new figures and 2 corrections for Havering, 2010/11': what Publish does."""
        new = sum(c.is_new for c in self.figure_changes)
        corrected = sum(c.is_correction for c in self.figure_changes)
        withdrawn = sum(c.is_withdrawal for c in self.figure_changes)
        parts = [
            f"{count} {plural(count, one, many)}"
            for count, one, many in (
                (new, "new figure", "new figures"),
                (corrected, "correction", "corrections"),
                (withdrawn, "withdrawal", "withdrawals"),
            )
            if count
        ]
        if len(self.figure_changes) > new + corrected + withdrawn:
            parts.append("figures no longer marked illustrative")
        if not parts:
            parts = ["the changes listed below"]
        what = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        return f"{what} for {self.scope.describe()}"

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.figure_changes
            or self.outcome_changes
            or self.summaries
            or self.contents
            or self.editions
            or self.series_breaks_changed
        )

    @property
    def digest(self) -> str:
        """A fingerprint of everything publishing this plan would write: the review screen
        carries it, and publishing refuses a plan whose fingerprint differs (the figures,
        words, reasons or editions changed after the review)."""
        scope = self.scope
        described = {
            "scope": [
                scope.year and scope.year.pk,
                scope.area and scope.area.pk,
                sorted(scope.figure_ids or []),
            ],
            "figures": [
                [list(c.key), _plain(c.before), _plain(c.after), c.illustrative]
                for c in self.figure_changes
            ],
            "outcomes": [
                [list(c.key), c.kind, c.cause, c.illustrative, c.outcome and _numbers(c.outcome)]
                for c in self.outcome_changes
            ],
            "words": [[area, year, data] for area, year, _, data in self.summaries],
            "lists": [list(content) for content in self.contents],
            "editions": [edition.pk for edition in self.editions],
            "series_breaks": self.series_breaks if self.series_breaks_changed else None,
        }
        text = json.dumps(described, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def notes(self) -> list[str]:
        """What staff should check before publishing: totals that disagree with their parts."""
        return [
            f"{c.area.name}, {c.measure.name}, {c.year.label}: {note}"
            for c in self.outcome_changes
            if c.outcome is not None
            for note in c.outcome.disagreements
        ]

    def __str__(self):
        counts = self.counts
        return (
            f"{counts['new']} new outcome(s), {counts['revised']} revised, "
            f"{counts['withdrawn']} withdrawn ({counts['figures']} figure(s), "
            f"{counts['words']} summary text(s), {counts['contacts']} contact list(s))"
        )


def plan_release(
    *, year=None, area=None, figure_ids=None, editions=None, reason: str = ""
) -> ReleasePlan:
    """What publishing this scope would change, worked out and written nowhere.

    ``editions``: recorded crime editions to publish with ``figure_ids`` (an import
    published at once); otherwise a release for every area and year takes any waiting.
    """
    scope = Scope(year, area, None if figure_ids is None else frozenset(figure_ids))
    cat = Catalogue()
    published = published_state(cat)
    proposed, figure_changes = proposed_state(cat, scope, published)
    released_defs = published_definitions()
    current_defs = {m.pk: definition(m) for m in cat.measures.values()}
    redefined = set()
    if scope.everywhere:
        # A release for every area publishes the measure catalogue as it stands.
        redefined = {
            cat.measures[pk].slug
            for pk, data in released_defs.items()
            if pk in current_defs and current_defs[pk] != data
        }
    defs = {
        pk: current_defs[pk] if scope.everywhere or pk not in released_defs else released_defs[pk]
        for pk in current_defs
    }
    # Series breaks, like the catalogue's definitions, are published by a release for
    # every area and every year: each outcome of a measure they touch is looked at again.
    released_breaks = next(iter(Release.objects.latest_series_breaks()), [])
    breaks = released_breaks
    if scope.everything:
        breaks = [found.as_json() for found in cat.series_breaks]
        if breaks != released_breaks:
            redefined |= {
                slug for found in [*breaks, *released_breaks] for slug in found["measures"]
            }
    keys = _expand(affected_outcomes(cat, figure_changes, redefined), cat, [published, proposed])
    book = book_of(cat, proposed, [SeriesBreakNote.from_json(found) for found in breaks])
    ids = {}
    for code, slug, start in keys:
        year_ = cat.year(start)
        if year_ is None or code not in cat.area_by_code or slug not in cat.measure_by_slug:
            continue
        ids[(cat.area_by_code[code].pk, year_.pk, cat.measure_by_slug[slug].pk)] = (
            code,
            slug,
            start,
        )
    latest, first = current_rows(set(ids))
    reasons = {
        c.key: c.figure.correction_reason.strip() if c.figure else reason.strip()
        for c in figure_changes
    }
    outcome_changes = []
    for key, (code, slug, start) in sorted(ids.items()):
        area_, year_, measure = cat.area_by_code[code], cat.year(start), cat.measure_by_slug[slug]
        data = defs[measure.pk]
        spec = spec_of(data)
        exists = book.has_entered(code, slug, start)
        row = latest.get(key)
        if not exists:
            if row is not None and not row.withdrawn:
                outcome_changes.append(
                    OutcomeChange(
                        area_,
                        year_,
                        measure,
                        "withdrawn",
                        None,
                        data,
                        {},
                        False,
                        row,
                        first.get(key),
                    )
                )
            continue
        outcome = book.outcome(spec, code, start)
        inputs = outcome_inputs(cat, book, spec, code, start)
        change = OutcomeChange(
            area_,
            year_,
            measure,
            "new",
            outcome,
            data,
            inputs,
            illustrative(proposed, book, code, slug, start),
            row,
            first.get(key),
        )
        if row is None or row.withdrawn:
            outcome_changes.append(change)
            continue
        same_numbers = _numbers(row) == _numbers(outcome)
        if (
            same_numbers
            and row.notes == list(outcome.notes)
            and _same_definition(row, data)
            and row.illustrative == change.illustrative
        ):
            continue  # published already, exactly so
        if same_numbers:
            change.kind = "restated"
            change.cause = restatement_of(row, outcome, data, change.illustrative)
        else:
            change.kind = "revised"
            change.cause = cause_of(change, cat, reasons)
        outcome_changes.append(change)
    plan = ReleasePlan(
        scope,
        figure_changes,
        outcome_changes,
        summary_changes(cat, scope),
        content_changes(scope),
        defs,
        cat,
        editions=list(editions) if editions is not None else pending_editions(scope),
    )
    plan.series_breaks, plan.series_breaks_changed = breaks, breaks != released_breaks
    plan.problems = _problems(plan, cat, reason)
    return plan


def pending_editions(scope: Scope) -> list[CrimeEdition]:
    """Editions not yet public. An edition's monthly counts cover every area and year, so
    only a release for every area and every year publishes it."""
    if not scope.everything:
        return []
    return list(CrimeEdition.objects.filter(release=None).order_by("published_on"))


def _same_definition(row: ReleasedOutcome, data: dict) -> bool:
    return (row.measure_name, row.unit, row.better, row.target_kind, row.position) == (
        data["name"],
        data["unit"],
        data["better"],
        data["target_kind"],
        data["position"],
    )


def _problems(plan: ReleasePlan, cat: Catalogue, reason: str) -> list[str]:
    problems = []
    for change in plan.figure_changes:
        if change.is_correction and not (change.figure and change.figure.correction_reason.strip()):
            code, slug, start, kind = change.key
            problems.append(
                Problem(
                    f"{cat.area_by_code[code].name} · {cat.measure_by_slug[slug].name} · "
                    f"{year_label(start)} · {kind}: give a reason for changing the published "
                    f"value {change.before}",
                    change.figure,
                )
            )
    withdrawals = sum(1 for c in plan.figure_changes if c.is_withdrawal)
    if withdrawals and not reason.strip():
        problems.append(
            Problem(
                f"This release withdraws {withdrawals} published "
                f"{plural(withdrawals, 'figure', 'figures')}: say why in the release's reason."
            )
        )
    return problems


# ---------------------------------------------------------------- publishing


# A release of the same scope made this recently, when there is nothing left to publish,
# is named to whoever confirmed a moment after it.
JUST_PUBLISHED = datetime.timedelta(minutes=10)


@dataclass
class PublishResult:
    release: Release | None
    plan: ReleasePlan
    # Nothing was left to publish because this release of the same scope had just done it.
    just_published: Release | None = None

    @property
    def new(self) -> int:
        return self.plan.count("new")

    @property
    def corrected(self) -> int:
        return self.plan.count("revised")

    @property
    def published_anything(self) -> bool:
        return self.release is not None

    def __str__(self):
        return str(self.plan)


@transaction.atomic
def publish(
    *,
    year: FinancialYear | None = None,
    area: Area | None = None,
    figure_ids=None,
    editions=None,
    release_at=None,
    by=None,
    via: str = PublishedVia.ADMIN,
    reason: str = "",
    reviewed: str | None = None,
) -> PublishResult:
    """Publish a scope's drafts (a year or every year; one area or every area; or exactly
    ``figure_ids``) in a release, with every outcome they change.

    Refuses (PublishError, nothing written) when a published figure changed without a
    reason, or figures are withdrawn and the release gives none; and (ReviewOutdated)
    when ``reviewed``, the digest of the plan staff reviewed, is not the digest of what
    would now be published. Marks every cached public page stale.
    Publications are made one at a time: this waits for any other to finish, then plans
    from what it wrote, so two people confirming the same scope make one release.
    """
    Publication.objects.lock()
    plan = plan_release(
        year=year, area=area, figure_ids=figure_ids, editions=editions, reason=reason
    )
    if not plan.changes_anything:
        return PublishResult(None, plan, just_published=_just_published(plan.scope))
    if reviewed is not None and reviewed != plan.digest:
        raise ReviewOutdated(plan)
    if plan.problems:
        raise PublishError(plan.problems, plan)
    release_at = release_at or timezone.now()
    release = Release.objects.create(
        year=year,
        area=area,
        release_at=release_at,
        published_by=by,
        published_via=via,
        reason=reason.strip(),
        counts=plan.counts,
        series_breaks=plan.series_breaks,
    )
    _write_figures(release, plan)
    _write_outcomes(release, plan)
    SummaryVersion.objects.bulk_create(
        SummaryVersion(
            release=release,
            release_at=release_at,
            area_id=area_id,
            year_id=year_id,
            borough_summary=summary if isinstance(summary, BoroughSummary) else None,
            london_summary=summary if isinstance(summary, LondonSummary) else None,
            data=data,
        )
        for area_id, year_id, summary, data in plan.summaries
    )
    ContentVersion.objects.bulk_create(
        ContentVersion(
            release=release, release_at=release_at, area_id=area_id, kind=kind, data=data
        )
        for area_id, kind, data in plan.contents
    )
    CrimeEdition.objects.filter(pk__in=[e.pk for e in plan.editions]).update(
        release=release, release_at=release_at
    )
    corrected = [c.figure.pk for c in plan.figure_changes if c.is_correction and c.figure]
    Figure.objects.filter(pk__in=corrected).update(correction_reason="")
    published = [c.figure.pk for c in plan.figure_changes if c.figure and not c.is_withdrawal]
    Figure.objects.filter(pk__in=published, ever_published=False).update(ever_published=True)
    invalidate_public_pages()
    return PublishResult(release, plan)


def _just_published(scope: Scope) -> Release | None:
    """The latest release of exactly this scope, if it was made a moment ago."""
    if scope.figure_ids is not None:
        return None
    recent = Release.objects.filter(
        year=scope.year, area=scope.area, created_at__gte=timezone.now() - JUST_PUBLISHED
    )
    return recent.select_related("published_by").order_by("-created_at", "-pk").first()


def _write_figures(release: Release, plan: ReleasePlan) -> None:
    cat = plan.catalogue
    versions = []
    for change in plan.figure_changes:
        code, slug, start, kind = change.key
        reason = ""
        if change.is_withdrawal:
            reason = release.reason
        elif change.is_correction:
            reason = change.figure.correction_reason.strip()
        versions.append(
            FigureVersion(
                figure=change.figure,
                release=release,
                release_at=release.release_at,
                area=cat.area_by_code[code],
                measure=cat.measure_by_slug[slug],
                year=cat.year(start),
                kind=kind,
                value=change.after,
                previous_value=change.before if change.before != change.after else None,
                reason=reason,
                illustrative=change.illustrative,
            )
        )
    FigureVersion.objects.bulk_create(versions, batch_size=1000)


def _write_outcomes(release: Release, plan: ReleasePlan) -> None:
    rows = []
    released_on = timezone.localdate(release.release_at).isoformat()
    for change in plan.outcome_changes:
        data = change.definition
        row = ReleasedOutcome(
            release=release,
            release_at=release.release_at,
            area=change.area,
            year=change.year,
            measure=change.measure,
            measure_name=data["name"],
            measure_slug=data["slug"],
            unit=data["unit"],
            better=data["better"],
            target_kind=data["target_kind"],
            position=data["position"],
            inputs=change.inputs,
            illustrative=change.illustrative,
        )
        if change.kind == "withdrawn":
            row.withdrawn = True
            row.status = Status.NOT_ASSESSED
            row.revised = True
            row.revision = "Withdrawn" + (f": {release.reason}" if release.reason else "")
            row.first_published = _first_published(change.first_row or change.previous_row)
        else:
            _fill(row, change.outcome)
            previous = change.previous_row
            if change.kind == "revised":
                row.revised = True
                row.revision = change.cause
                row.first_published = _first_published(change.first_row or previous)
            elif change.kind == "restated" and previous is not None and previous.revised:
                row.revised, row.revision = True, previous.revision
                row.first_published = previous.first_published
        row.first_published = row.first_published or {}
        if row.revised and not row.first_published:
            row.first_published = {"date": released_on}
        rows.append(row)
    ReleasedOutcome.objects.bulk_create(rows, batch_size=500)


def _first_published(row: ReleasedOutcome | None) -> dict:
    if row is None:
        return {}
    return {
        "result_text": row.result_text,
        "status": row.status,
        "date": timezone.localdate(row.release_at).isoformat(),
    }


def _fill(row: ReleasedOutcome, outcome: Outcome) -> None:
    spec = outcome.measure
    row.result, row.previous, row.target = outcome.result, outcome.previous, outcome.target
    row.change, row.change_percent = outcome.change, outcome.change_percent
    row.status, row.reason = outcome.status, outcome.reason
    row.result_text, row.target_text = outcome.result_text, outcome.target_text
    row.statement = outcome.statement
    row.priority = "" if outcome.target is None else priority_text(spec, outcome.target)
    row.derived_from, row.coverage = outcome.derived_from, outcome.coverage
    row.notes = list(outcome.notes)
    row.interval_low, row.interval_high = outcome.interval_low, outcome.interval_high
    row.sample_sizes = outcome.sample_sizes


def next_scheduled_release():
    """When the next release set for later is due (None if there is none): cached public
    pages expire then."""
    return (
        Release.objects.filter(release_at__gt=timezone.now())
        .order_by("release_at")
        .values_list("release_at", flat=True)
        .first()
    )


# ---------------------------------------------------------------- for staff: drafts on the page


def draft_outcomes(area: Area, years: list[int]):
    """Outcomes for an area's page as they will be once drafts are published: the published
    figures with the area's drafts in their place (for London-wide, every draft, since its
    sums take in the boroughs')."""
    cat = Catalogue()
    published = published_state(cat)
    proposed, _ = proposed_state(cat, Scope(None, None if area.is_london else area), published)
    book = book_of(cat, proposed)
    defs = {m.pk: definition(m) for m in cat.measures.values()}
    result = {}
    for start in years:
        for measure in sorted(cat.measures.values(), key=lambda m: (m.position, m.name)):
            if book.has_entered(area.code, measure.slug, start):
                spec = spec_of(defs[measure.pk])
                result[(start, measure.slug)] = (
                    book.outcome(spec, area.code, start),
                    illustrative(proposed, book, area.code, measure.slug, start),
                    defs[measure.pk],
                )
    return result
