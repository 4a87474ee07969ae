"""The figures as published, and as they would be with a scope's drafts in their place."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from boroughs.models import LONDON_CODE

from ..models import (
    Figure,
    FigureVersion,
    FinancialYear,
)
from ..rules import (
    Basis,
    FigureBook,
    Unit,
    plural,
)
from .scope import Catalogue, Scope


@dataclass
class FigureState:
    """Figure values by (area code, measure slug, start year, kind), and how each is known
    where it is not recorded (imputed, assumed, illustrative)."""

    values: dict[tuple, Decimal] = field(default_factory=dict)
    basis: dict[tuple, str] = field(default_factory=dict)


def published_state(cat: Catalogue) -> FigureState:
    """What the latest release of each figure says (scheduled ones too: they come first)."""
    state = FigureState()
    seen = set()
    rows = FigureVersion.objects.latest_first().values_list(
        "area_id", "measure_id", "year_id", "kind", "value", "basis"
    )
    for area_id, measure_id, year_id, kind, value, basis in rows:
        key = cat.figure_key(area_id, measure_id, year_id, kind)
        if key in seen:
            continue
        seen.add(key)
        if value is not None:
            state.values[key] = value
            if basis != Basis.RECORDED:
                state.basis[key] = basis
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
    basis: str = Basis.RECORDED

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
    proposed = FigureState(dict(published.values), dict(published.basis))
    drafts = {
        cat.figure_key(f.area_id, f.measure_id, f.year_id, f.kind): f for f in drafts_in(scope)
    }
    changes = []
    for key in sorted(set(drafts) | {k for k in published.values if _in_scope(cat, scope, k)}):
        figure = drafts.get(key)
        before = published.values.get(key)
        after = None if figure is None else figure.value
        basis = figure.basis if figure is not None else Basis.RECORDED
        proposed.basis.pop(key, None)
        if after is None:
            proposed.values.pop(key, None)
        else:
            proposed.values[key] = after
            if basis != Basis.RECORDED:
                proposed.basis[key] = basis
        was = published.basis.get(key, Basis.RECORDED)
        if before != after or (after is not None and was != basis):
            changes.append(FigureChange(key, before, after, figure, basis))
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
