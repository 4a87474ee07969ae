"""The public outcomes a release would make new, revise or withdraw, and why."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from boroughs.models import LONDON_CODE, Area

from ..models import (
    FinancialYear,
    Measure,
    ReleasedOutcome,
)
from ..rules import (
    ENTERED,
    GAP_GROUPS,
    GAP_SOURCE,
    Basis,
    FigureBook,
    FigureKind,
    MeasureSpec,
    Outcome,
    describe_source,
    plural,
    weakest,
    year_label,
)
from .figure_states import FigureChange, FigureState
from .scope import NUMBERS, Catalogue


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


@dataclass(frozen=True)
class Bases:
    """How an outcome's result and target are known (rules.Basis); no target, no basis."""

    value: str = Basis.RECORDED
    target: str = ""


def bases_of(state: FigureState, book: FigureBook, code: str, slug: str, start: int) -> Bases:
    """The result is no better known than the figures it rests on: its own, last year's
    (the change is against it), or those a derived result sums. The target is as its
    figure is."""
    keys = [(code, slug, start, FigureKind.RESULT), (code, slug, start - 1, FigureKind.RESULT)]
    for year in (start, start - 1):
        found = book.result_with_source(code, slug, year)
        if found is not None and found[1] == "its parts":
            keys += [(code, part, year, FigureKind.RESULT) for part in book.parts.get(slug, ())]
        elif found is not None and found[1]:
            keys += [(c, slug, year, FigureKind.RESULT) for c in book.borough_codes]
    value = weakest(state.basis.get(key) for key in keys if key in state.values)
    target_key = (code, slug, start, FigureKind.TARGET)
    target = state.basis.get(target_key, Basis.RECORDED) if target_key in state.values else ""
    return Bases(str(value), str(target))


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
    bases: Bases
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
        this = f"its {year} figure was revised ({own})"
        if own and causes and causes[-1] == this:
            # Both years revised by the same edition: say it once.
            causes[-1] = f"its {year} figure and the {before} one it is compared with were "
            causes[-1] += f"revised ({own})"
        else:
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


def restatement_of(row: ReleasedOutcome, outcome: Outcome, data: dict, bases: Bases) -> str:
    """Why an outcome with the same numbers is released again, in words."""
    differs = []
    if row.notes != list(outcome.notes):
        differs.append("its notes")
    if not same_definition(row, data):
        differs.append("the measure's name or wording")
    if (row.value_basis, row.target_basis) != (bases.value, bases.target):
        differs.append("how it is known (recorded, imputed, assumed or illustrative)")
    return "Same numbers; " + (_list(differs) if differs else "its words") + " changed"


def _source_words(source: str | None) -> str:
    if source is None:
        return "missing"
    return describe_source(source)


def _list(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def same_definition(row: ReleasedOutcome, data: dict) -> bool:
    return (row.measure_name, row.unit, row.better, row.target_kind, row.position) == (
        data["name"],
        data["unit"],
        data["better"],
        data["target_kind"],
        data["position"],
    )
