"""The released figures for the downloads, and the footer's contacts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from boroughs.models import Area
from sitewide.cache import remember

from ..models import (
    AttitudeEdition,
    ContentKind,
    CrimeEdition,
    Figure,
    FigureVersion,
    FinancialYear,
    Layout,
    Measure,
    Release,
    ReleasedOutcome,
)
from ..rules import (
    FigureKind,
    Rate,
    SeriesBreakNote,
    year_break_notes,
)
from .outcomes import latest_views, moment_or_now
from .pages import contacts_of
from .populations import populations_by_year, rate_of


@dataclass(frozen=True)
class PublishedFigure:
    """A figure as released, for the downloads."""

    area: Area
    measure: Measure
    year: FinancialYear
    kind: str
    value: Decimal
    basis: str  # how the value is known (rules.Basis)
    released_on: datetime.date
    reason: str
    # The value and day it was first published, when a later release revised it.
    first_published: Decimal | None = None
    first_published_on: datetime.date | None = None
    # Series breaks the result's year, or its change from the year before, spans.
    notes: tuple[str, ...] = ()
    # A result's outcome as released: its status, and a survey estimate's 95% interval.
    status: str = ""
    interval_low: Decimal | None = None
    interval_high: Decimal | None = None
    # How the year's target is known: for a target, its own basis; empty with no target.
    target_basis: str = ""
    # A crime result per 1,000 residents, with the population it divides by (rules.Rate).
    rate: Rate | None = None

    @property
    def revised(self) -> bool:
        return self.first_published_on is not None

    def as_figure(self) -> Figure:
        """As an unsaved Figure, for the figures file's writer."""
        return Figure(
            area=self.area, measure=self.measure, year=self.year, kind=self.kind, value=self.value
        )


def released_series_breaks(moment=None) -> list[SeriesBreakNote]:
    """The series breaks as the latest release by then published them."""
    found = Release.objects.released(moment_or_now(moment)).latest_series_breaks()
    return [SeriesBreakNote.from_json(b) for b in next(iter(found), None) or ()]


def published_figures(*, areas=None, start_years=None) -> list[PublishedFigure]:
    """Every released figure: the latest version of each, unless that one withdrew it."""
    versions = FigureVersion.objects.filter(release_at__lte=timezone.now())
    if areas is not None:
        versions = versions.filter(area__in=list(areas))
    if start_years is not None:
        versions = versions.filter(year__start_year__in=list(start_years))
    versions = versions.select_related("area", "measure", "year").latest_first()
    breaks = released_series_breaks()
    outcomes = ReleasedOutcome.objects.all()
    if areas is not None:
        outcomes = outcomes.filter(area__in=list(areas))
    if start_years is not None:
        outcomes = outcomes.filter(year__start_year__in=list(start_years))
    outcome_of = {(v.area.pk, v.measure.slug, v.year): v for v in latest_views(outcomes)}
    latest, first = {}, {}
    for version in versions:  # latest first: the last seen of a figure is its first release
        key = (version.area_id, version.measure_id, version.year_id, version.kind)
        latest.setdefault(key, version)
        first[key] = version
    # Rates per 1,000 residents beside each crime result, from the populations released.
    populations = populations_by_year({v.year.start_year for v in latest.values()})
    figures = []
    for key, version in latest.items():
        if version.value is None:
            continue  # withdrawn
        earliest = first[key]
        revised = earliest is not version and earliest.value != version.value
        outcome = None
        if version.kind == FigureKind.RESULT:
            outcome = outcome_of.get(
                (version.area_id, version.measure.slug, version.year.start_year)
            )
        figure = PublishedFigure(
            area=version.area,
            measure=version.measure,
            year=version.year,
            kind=version.kind,
            value=version.value,
            basis=version.basis,
            target_basis=version.basis
            if version.kind == FigureKind.TARGET
            else (outcome.target_basis if outcome else ""),
            released_on=timezone.localdate(version.release_at),
            reason=version.reason,
            first_published=earliest.value if revised else None,
            first_published_on=timezone.localdate(earliest.release_at) if revised else None,
            notes=year_break_notes(breaks, version.measure.slug, version.year.start_year)
            if version.kind == FigureKind.RESULT
            else (),
            status=outcome.status if outcome else "",
            interval_low=outcome.interval_low if outcome else None,
            interval_high=outcome.interval_high if outcome else None,
            rate=rate_of(outcome, populations[version.year.start_year].get(version.area_id)),
        )
        figures.append(figure)
    return sorted(
        figures,
        key=lambda f: (f.area.kind, f.area.name, f.measure.position, f.year.start_year, f.kind),
    )


def footer_contacts() -> list[dict]:
    """The released pan-London contacts, for every page's footer (kept in the shared cache)."""
    return remember("footer-contacts", lambda: contacts_of(None, ContentKind.CONTACTS)[:6] or [])


@dataclass(frozen=True)
class ReleasedEdition:
    """An edition of a source, as the data package lists it."""

    source: str  # "recorded crime (borough)", "recorded crime (ward)", "attitude survey"
    published_on: datetime.date
    approximate: bool
    first: str  # its first month or quarter, "2024-03" or "2014-10"
    last: str
    released_at: datetime.datetime
    file_name: str
    incomplete_months: tuple[str, ...] = ()


def released_editions(moment=None) -> list[ReleasedEdition]:
    """Every edition released by then, oldest first: the police's and MOPAC's. Two queries."""
    released_by = moment_or_now(moment)
    crime = [
        ReleasedEdition(
            f"recorded crime ({Layout(e.layout).level})",
            e.published_on,
            e.published_on_is_approximate,
            f"{e.first_month:%Y-%m}",
            f"{e.last_month:%Y-%m}",
            e.release_at,
            e.file_name,
            tuple(e.incomplete_months),
        )
        for e in CrimeEdition.objects.filter(release_at__lte=released_by)
    ]
    attitudes = [
        ReleasedEdition(
            "attitude survey",
            e.published_on,
            e.published_on_is_approximate,
            f"{e.first_quarter:%Y-%m}",
            f"{e.last_quarter:%Y-%m}",
            e.release_at,
            e.file_name,
        )
        for e in AttitudeEdition.objects.filter(release_at__lte=released_by)
    ]
    return sorted(crime + attitudes, key=lambda e: (e.released_at, e.published_on))
