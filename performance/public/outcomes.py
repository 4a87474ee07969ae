"""One outcome as the public sees it, and the latest released view of each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from boroughs.models import Area

from ..models import (
    ReleasedOutcome,
)
from ..rules import (
    RELEASED_FIELDS,
    Basis,
    Interval,
    MeasureSpec,
    OutcomeWords,
    Status,
    TargetKind,
    Unit,
    format_count,
    format_signed_count,
    format_signed_percent,
)

RECENT_YEARS = 10


@dataclass(frozen=True)
class OutcomeView(OutcomeWords):
    """One outcome as the public sees it: numbers and words, all worked out already."""

    measure: MeasureSpec
    position: int
    year: int
    result: Decimal | None
    previous: Decimal | None
    target: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    status: str
    reason: str = ""
    result_text: str = ""
    target_text: str = ""
    statement: str = ""
    verdict: str = ""
    priority: str = ""
    derived_from: str = ""
    coverage: str = ""
    notes: tuple[str, ...] = ()
    # How the result (and what it rests on) and the target are known (rules.Basis).
    value_basis: str = Basis.RECORDED
    target_basis: str = ""
    revised: bool = False
    revision: str = ""
    first_published: dict = field(default_factory=dict)
    released_on: datetime.date | None = None
    area: Area | None = None
    withdrawn: bool = False
    interval: Interval | None = None

    @property
    def illustrative(self) -> bool:
        return Basis.ILLUSTRATIVE in (self.value_basis, self.target_basis)

    @property
    def basis_text(self) -> str:
        """How the figures are known, where not as their source recorded them: "result
        imputed (levels implied by the leaflet's changes); target assumed"."""
        parts = []
        if self.value_basis == Basis.IMPUTED:
            parts.append("result imputed (a level implied by a published change)")
        elif self.value_basis != Basis.RECORDED:
            parts.append(f"result {self.value_basis}")
        if self.target_basis == Basis.ASSUMED:
            parts.append("target assumed (nobody published it)")
        elif self.target_basis not in ("", Basis.RECORDED):
            parts.append(f"target {self.target_basis}")
        return "; ".join(parts)

    @property
    def first_published_text(self) -> str:
        """How it read when first published: "382 offences or +25.5%, Target missed"."""
        first = self.first_published
        if not first.get("result_text"):
            return ""
        status = f", {Status(first['status']).label}" if first.get("status") else ""
        return f"{first['result_text']}{status}"

    @property
    def first_published_on(self) -> datetime.date | None:
        date = self.first_published.get("date")
        return datetime.date.fromisoformat(date) if date else None

    @property
    def result_shown(self) -> Decimal | None:
        """The result as its status was judged: to one decimal place, but for counts."""
        if self.result is None or self.measure.unit == Unit.OFFENCES:
            return self.result
        return self.result.quantize(Decimal("0.1"))

    @property
    def value_text(self) -> str:
        """The result alone: "1,880", "53.1%"; "–" when there is none."""
        if self.result is None:
            return "–"
        if self.measure.unit == Unit.OFFENCES:
            return format_count(self.result)
        return f"{self.result_shown}{'%' if self.measure.unit == Unit.PERCENT else ''}"

    @property
    def change_text(self) -> str:
        """The % change, or the level for a level target: "+25.5%", "53.1%", "–"."""
        if self.measure.target_kind != TargetKind.CHANGE:
            return self.value_text
        if self.change_percent is None:
            return "–"
        return format_signed_percent(self.change_percent)

    @property
    def change_count_text(self) -> str:
        return "–" if self.change is None else format_signed_count(self.change)

    @property
    def change_percent_text(self) -> str:
        return "–" if self.change_percent is None else format_signed_percent(self.change_percent)


def _as_shown(released: dict) -> dict:
    """An outcome's released fields (rules.RELEASED_FIELDS) as the view holds them: its
    interval whole, its notes a tuple."""
    shown = dict(released)
    low, high, sizes = (shown.pop(k) for k in ("interval_low", "interval_high", "sample_sizes"))
    shown["interval"] = None if low is None else Interval(low, high, tuple(sizes or ()))
    shown["notes"] = tuple(shown["notes"] or ())
    return shown


def view_of(row: ReleasedOutcome) -> OutcomeView:
    """A released row as shown (its year and area fetched with it)."""
    return OutcomeView(
        measure=MeasureSpec(
            row.measure_slug, row.measure_name, row.unit, row.better, row.target_kind
        ),
        position=row.position,
        year=row.year.start_year,
        **_as_shown({name: getattr(row, name) for name in RELEASED_FIELDS}),
        value_basis=row.value_basis,
        target_basis=row.target_basis,
        revised=row.revised,
        revision=row.revision,
        first_published=row.first_published or {},
        released_on=timezone.localdate(row.release_at),
        area=row.area,
        withdrawn=row.withdrawn,
    )


def view_of_outcome(outcome, bases, definition: dict) -> OutcomeView:
    """A computed draft outcome as a page would show it, through the same released shape a
    release would freeze: staff's preview."""
    return OutcomeView(
        measure=outcome.measure,
        position=definition["position"],
        year=outcome.year,
        **_as_shown(outcome.as_released()),
        value_basis=bases.value,
        target_basis=bases.target,
    )


def end_of_day(day: datetime.date | None):
    """The moment "as published on" a day shows: the end of that day, or now if that is
    earlier, so a release scheduled for later today is never in today's edition."""
    if day is None:
        return None
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return min(timezone.make_aware(midnight) - datetime.timedelta(microseconds=1), timezone.now())


def moment_or_now(as_of):
    """The moment a read is as of: the one given, or now."""
    return as_of or timezone.now()


def latest_views(queryset, as_of=None, *, withdrawn=False) -> list[OutcomeView]:
    """The public row of each (area, year, measure) in ``queryset``: the latest released by
    ``as_of`` (now by default), left out if that one withdrew it. One query."""
    rows = (
        queryset.filter(release_at__lte=moment_or_now(as_of))
        .defer("inputs")  # what the release computed from: for the next release, not pages
        .select_related("year", "area")
        .order_by("area_id", "year_id", "measure_id", "-release_at", "-pk")
    )
    seen, views = set(), []
    for row in rows:
        key = (row.area_id, row.year_id, row.measure_id)
        if key not in seen:
            seen.add(key)
            if withdrawn or not row.withdrawn:
                views.append(view_of(row))
    return views


def by_position(views):
    return sorted(views, key=lambda v: (v.position, v.measure.name))
