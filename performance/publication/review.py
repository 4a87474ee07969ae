"""What the review screen shows before publishing: each changed figure old → new, and each
public outcome it changes, was → now, with a link to preview the page it is on."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from ..rules import format_count, year_label
from .planning import ReleasePlan

# A new edition changes thousands of figures: the screen lists this many, then says how
# many more (the outcomes they change are all listed).
FIGURES_LISTED = 60


def preview_url(area, year) -> str:
    return reverse("admin:performance_release_preview", args=[area.slug, year.slug])


@dataclass(frozen=True)
class ReviewRow:
    what: str  # "Havering · Residential burglary · 2009/10 · result"
    was: str  # "1,880", or "" where new
    now: str  # "1,890", or "" where withdrawn
    preview: str = ""  # the page it is on, as it will look
    why: str = ""
    figures: str = ""  # the figures it is computed from, to correct one


def _value(value) -> str:
    return "" if value is None else format_count(value)


def figure_rows(plan: ReleasePlan, limit: int = FIGURES_LISTED) -> tuple[list[ReviewRow], int]:
    """The first ``limit`` changed figures, corrections and withdrawals first (the ones to
    check), and how many more there are."""
    cat = plan.catalogue
    ordered = sorted(
        plan.figure_changes, key=lambda c: (not (c.is_correction or c.is_withdrawal), c.key)
    )
    rows = []
    for change in ordered[:limit]:
        code, slug, start, kind = change.key
        area, year = cat.area_by_code[code], cat.year(start)
        rows.append(
            ReviewRow(
                f"{area.name} · {cat.measure_by_slug[slug].name} · {year_label(start)} · {kind}",
                _value(change.before),
                _value(change.after),
                preview_url(area, year) if year else "",
            )
        )
    return rows, max(0, len(ordered) - limit)


def outcome_rows(plan: ReleasePlan) -> list[ReviewRow]:
    """Every public outcome the release changes: how it reads now on the site and how it
    will read, with why."""
    rows = []
    for change in plan.outcome_changes:
        before, after = change.previous_row, change.outcome
        was = "" if before is None or before.withdrawn else before.result_text
        now = "" if after is None or change.kind == "withdrawn" else after.result_text
        rows.append(
            ReviewRow(
                f"{change.area.name} · {change.measure.name} · {change.year.label}",
                was,
                now,
                preview_url(change.area, change.year),
                change.cause if change.kind != "new" else "New",
                f"{reverse('admin:performance_figure_changelist')}?area__id__exact="
                f"{change.area.pk}&measure__id__exact={change.measure.pk}"
                f"&year__id__exact={change.year.pk}",
            )
        )
    return rows
