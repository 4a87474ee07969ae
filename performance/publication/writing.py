"""Publishing a plan: a release, its rows, one publication at a time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from boroughs.models import Area
from sitewide.cache import invalidate_public_pages
from sitewide.models import Publication

from ..models import (
    AttitudeEdition,
    BoroughSummary,
    ContentVersion,
    CrimeEdition,
    Figure,
    FigureVersion,
    FinancialYear,
    LondonSummary,
    PublishedVia,
    Release,
    ReleasedOutcome,
    SummaryVersion,
)
from ..rules import (
    Outcome,
    Status,
)
from .planning import ReleasePlan, plan_release
from .scope import PublishError, ReviewOutdated, Scope

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
    for model in (CrimeEdition, AttitudeEdition):
        model.objects.filter(pk__in=[e.pk for e in plan.editions if isinstance(e, model)]).update(
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
                basis=change.basis,
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
            value_basis=change.bases.value,
            target_basis=change.bases.target,
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
    for name, value in outcome.as_released().items():
        setattr(row, name, value)


def next_scheduled_release():
    """When the next release set for later is due (None if there is none): cached public
    pages expire then."""
    return (
        Release.objects.filter(release_at__gt=timezone.now())
        .order_by("release_at")
        .values_list("release_at", flat=True)
        .first()
    )
