"""Words, engagement groups and contacts: their status, and what a release would change."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, JSONField, OuterRef, Subquery, When
from django.forms.models import model_to_dict

from boroughs.models import LONDON_CODE, Area, EngagementGroup, UsefulContact

from ..models import (
    BoroughSummary,
    ContentKind,
    ContentVersion,
    FigureStatus,
    LondonSummary,
    PopulationEstimate,
    SummaryVersion,
)
from .scope import CONTACT_FIELDS, GROUP_FIELDS, SUMMARY_FIELDS, Catalogue, Scope


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
    """(area id or None, kind, data) for groups, contacts and population estimates in scope
    that changed."""
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
    # A borough's population estimates, for its rates per 1,000 residents.
    populations = defaultdict(list)
    for estimate in PopulationEstimate.objects.filter(area_id__in=[a for a in areas if a]).order_by(
        "year"
    ):
        populations[estimate.area_id].append(
            {"year": estimate.year, "population": estimate.population, "source": estimate.source}
        )
    released = {}
    for version in ContentVersion.objects.order_by("release_at", "pk"):
        released[(version.area_id, version.kind)] = version.data
    changed = []
    for area_id in areas:
        for kind, data in (
            (ContentKind.GROUPS, groups),
            (ContentKind.CONTACTS, contacts),
            (ContentKind.POPULATION, populations),
        ):
            if area_id is None and kind != ContentKind.CONTACTS:
                continue
            wanted = data.get(area_id, [])
            if released.get((area_id, kind), []) != wanted:
                changed.append((area_id, kind, wanted))
    return changed
