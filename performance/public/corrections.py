"""Corrections: each published outcome revised since, said in plain words, each cause once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from boroughs.models import Area

from ..models import FinancialYear, ReleasedOutcome
from ..rules import Status
from .outcomes import OutcomeView, view_of


def corrections(year: FinancialYear, area: Area | None = None) -> list[OutcomeView]:
    """Every revision (and withdrawal) released for a year, latest first, with its cause."""
    rows = ReleasedOutcome.objects.filter(year=year, revised=True, release_at__lte=timezone.now())
    if area is not None:
        rows = rows.filter(area=area)
    found, listed = set(), []
    for row in rows.select_related("year", "area").order_by("release_at", "pk"):
        # A row restating an earlier revision (its words changed, not its numbers) carries
        # the same revision: list each revision once.
        key = (row.area_id, row.measure_id, row.revision)
        if key not in found:
            found.add(key)
            listed.append(view_of(row))
    return sorted(listed, key=lambda v: (v.released_on, v.area.name, v.position), reverse=True)


@dataclass(frozen=True)
class Correction:
    """One outcome that reads differently from when it was first published."""

    outcome: OutcomeView

    @property
    def name(self) -> str:
        """ "Havering: Total robbery, 2009/10"."""
        o = self.outcome
        return f"{o.area.name}: {o.measure.name}, {o.year_label}"

    @property
    def change_text(self) -> str:
        """ "Changed from 6 offences or +1.8% to 5 offences or +1.5%", and the outcome's
        change where it has one: "; now Target achieved (was Target missed)"."""
        o, first = self.outcome, self.outcome.first_published
        if o.withdrawn:
            was = f": it was {first['result_text']}" if first.get("result_text") else ""
            return f"Withdrawn{was}"
        if not first.get("result_text"):
            return f"Now {o.result_text}"
        text = f"Changed from {first['result_text']} to {o.result_text}"
        if first.get("status") and first["status"] != o.status:
            was = Status(first["status"]).label
            text += f"; now {o.status_label} (was {was})"
        return text

    @property
    def visible(self) -> bool:
        """Something a reader would see changed: its figure, its outcome, or it is gone."""
        o, first = self.outcome, self.outcome.first_published
        return (
            o.withdrawn
            or first.get("result_text") != o.result_text
            or first.get("status", o.status) != o.status
        )


@dataclass(frozen=True)
class CorrectionGroup:
    """Corrections released on one day for one cause, the cause said once."""

    released_on: datetime.date
    cause: str
    corrections: tuple[Correction, ...]


def cause_of_revision(revision: str) -> str:
    """The reason a release gave, from an outcome's revision ("Its 2009/10 figure was
    revised (the police updated their figures …)" → "the police updated their figures …");
    the whole revision where it gave more than one reason, or none."""
    opening = revision.find(" (")
    if opening != -1 and revision.endswith(")") and revision.count(" (") == 1:
        return revision[opening + 2 : -1]
    return revision


def correction_groups(outcomes: list[OutcomeView]) -> list[CorrectionGroup]:
    """The revisions that changed what a reader sees, grouped by the day and the cause,
    latest first, in the order given within each."""
    groups: dict[tuple, list[Correction]] = {}
    for outcome in outcomes:
        correction = Correction(outcome)
        if correction.visible:
            key = (outcome.released_on, cause_of_revision(outcome.revision))
            groups.setdefault(key, []).append(correction)
    return [
        CorrectionGroup(day, cause[:1].upper() + cause[1:], tuple(listed))
        for (day, cause), listed in sorted(
            groups.items(), key=lambda item: item[0][0], reverse=True
        )
    ]
