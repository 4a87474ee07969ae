"""A release planned, written nowhere: what staff review before publishing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..models import (
    AttitudeEdition,
    CrimeEdition,
    Release,
)
from ..rules import (
    SeriesBreakNote,
    format_count,
    plural,
    year_label,
)
from .content import content_changes, summary_changes
from .figure_states import FigureChange, book_of, proposed_state, published_state
from .outcome_changes import (
    Bases,
    OutcomeChange,
    _expand,
    _numbers,
    _plain,
    affected_outcomes,
    bases_of,
    cause_of,
    current_rows,
    outcome_inputs,
    published_definitions,
    restatement_of,
    same_definition,
)
from .scope import Catalogue, Problem, Scope, definition, spec_of


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
            parts.append("figures now known another way (recorded, imputed, assumed)")
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
                [list(c.key), _plain(c.before), _plain(c.after), c.basis]
                for c in self.figure_changes
            ],
            "outcomes": [
                [
                    list(c.key),
                    c.kind,
                    c.cause,
                    [c.bases.value, c.bases.target],
                    c.outcome and _numbers(c.outcome),
                ]
                for c in self.outcome_changes
            ],
            "words": [[area, year, data] for area, year, _, data in self.summaries],
            "lists": [list(content) for content in self.contents],
            "editions": [f"{e._meta.model_name}:{e.pk}" for e in self.editions],
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
                        Bases(row.value_basis, row.target_basis),
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
            bases_of(proposed, book, code, slug, start),
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
            and same_definition(row, data)
            and (row.value_basis, row.target_basis) == (change.bases.value, change.bases.target)
        ):
            continue  # published already, exactly so
        if same_numbers:
            change.kind = "restated"
            change.cause = restatement_of(row, outcome, data, change.bases)
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


def pending_editions(scope: Scope) -> list[CrimeEdition | AttitudeEdition]:
    """Editions not yet public: the police's recorded crime and MOPAC's attitude survey. An
    edition covers every area and year, so only a release for every area and every year
    publishes it."""
    if not scope.everything:
        return []
    pending = [
        *CrimeEdition.objects.filter(release=None),
        *AttitudeEdition.objects.filter(release=None),
    ]
    return sorted(pending, key=lambda edition: edition.published_on)


def _problems(plan: ReleasePlan, cat: Catalogue, reason: str) -> list[str]:
    problems = []
    for change in plan.figure_changes:
        if change.is_correction and not (change.figure and change.figure.correction_reason.strip()):
            code, slug, start, kind = change.key
            problems.append(
                Problem(
                    f"{cat.area_by_code[code].name} · {cat.measure_by_slug[slug].name} · "
                    f"{year_label(start)} · {kind}: give a reason for changing the published "
                    f"value {format_count(change.before)}",
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
