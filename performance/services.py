"""Writes to figures, shared by the admin's entry screen and anything else that records figures.

The importer writes through django-import-export's resource (performance.figures),
which validates each figure with the same model rules (Figure.full_clean).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from boroughs.models import Area

from .models import Figure, FinancialYear, Measure


@dataclass
class EntryResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def __str__(self):
        return (
            f"{self.created} added, {self.updated} changed, {self.removed} removed, "
            f"{self.unchanged} unchanged"
        )


@transaction.atomic
def enter_figures(
    *,
    area: Area,
    year: FinancialYear,
    values: dict[tuple[Measure, str], Decimal | None],
    reasons: dict[Measure, str] | None = None,
) -> EntryResult:
    """Record an area's figures for a year: a value sets a figure, None removes it.

    reasons: why a measure's published figures change, kept with each changed figure and
    published with its correction. Every figure is validated before it is saved; a
    ValidationError leaves nothing written.
    """
    reasons = reasons or {}
    existing = {
        (figure.measure_id, figure.kind): figure
        for figure in Figure.objects.filter(area=area, year=year)
    }
    result = EntryResult()
    for (measure, kind), value in values.items():
        figure = existing.get((measure.pk, kind))
        if value is None:
            if figure is not None:
                figure.delete()
                result.removed += 1
            continue
        if figure is not None and figure.value == value:
            result.unchanged += 1
            continue
        if figure is None:
            figure = Figure(area=area, year=year, measure=measure, kind=kind)
            result.created += 1
        else:
            result.updated += 1
        figure.value = value
        if reasons.get(measure, "").strip():
            figure.correction_reason = reasons[measure].strip()
        figure.full_clean()
        figure.save()
    return result


@transaction.atomic
def give_correction_reasons(reasons: dict[Figure, str]) -> int:
    """Record why each published figure changes, as the entry form's reason box does; an empty
    reason is left out. Returns how many figures were given one."""
    given = 0
    for figure, reason in reasons.items():
        if reason.strip():
            figure.correction_reason = reason.strip()
            figure.save()
            given += 1
    return given
