"""Publication: drafts become public only through a release, and corrections say why.

Staff and imports change a figure's working ``value``; the public sees only the
value of its latest *released* version (FigureVersion). Publishing creates a
Release and a version for every figure (and summary) whose draft differs from
what was last published. A published figure that changes needs a reason, which
is published with the correction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from boroughs.models import Area

from .models import (
    BoroughSummary,
    Figure,
    FigureVersion,
    FinancialYear,
    LondonSummary,
    PublishedVia,
    Release,
    SummaryVersion,
)

SUMMARY_FIELDS = {
    BoroughSummary: [
        "commander_name",
        "commander_message",
        "initiatives",
        "priorities_text",
        "figures_note",
    ],
    LondonSummary: [
        "chair_message",
        "chair_name",
        "chair_role",
        "mission_title",
        "mission_text",
        "mission_outcomes",
        "plan_title",
        "strategic_priorities",
        "figures_note",
    ],
}


class PublishError(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class PublishResult:
    release: Release | None
    new: int = 0
    corrected: int = 0
    summaries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def published_anything(self) -> bool:
        return bool(self.new or self.corrected or self.summaries)

    def __str__(self):
        return (
            f"{self.new} new figure(s), {self.corrected} correction(s), "
            f"{self.summaries} summary text(s)"
        )


def latest_versions(figure_ids) -> dict[int, FigureVersion]:
    """Each figure's latest version, released or scheduled."""
    latest: dict[int, FigureVersion] = {}
    for version in (
        FigureVersion.objects.filter(figure_id__in=list(figure_ids))
        .select_related("release")
        .latest_first()
    ):
        latest.setdefault(version.figure_id, version)
    return latest


def pending_figures(figures):
    """(figure, latest version or None) for figures whose draft differs from the last release."""
    figures = list(figures)
    latest = latest_versions(f.pk for f in figures)
    return [
        (figure, latest.get(figure.pk))
        for figure in figures
        if figure.pk not in latest or latest[figure.pk].value != figure.value
    ]


def missing_reasons(pending) -> list[str]:
    """Published figures changed without the reason a correction needs, in words."""
    return [
        f"{figure}: give a reason for changing the published value {previous.value}"
        for figure, previous in pending
        if previous is not None and not figure.correction_reason.strip()
    ]


def _summary_data(summary) -> dict:
    return model_to_dict(summary, fields=SUMMARY_FIELDS[type(summary)])


def _pending_summaries(summaries):
    pending = []
    for summary in summaries:
        key = "borough_summary" if isinstance(summary, BoroughSummary) else "london_summary"
        last = (
            SummaryVersion.objects.filter(**{key: summary})
            .order_by("-release__release_at", "-release_id")
            .first()
        )
        if last is None or last.data != _summary_data(summary):
            pending.append((key, summary))
    return pending


@transaction.atomic
def publish(
    *,
    year: FinancialYear | None = None,
    area: Area | None = None,
    figures=None,
    release_at=None,
    by=None,
    via: str = PublishedVia.ADMIN,
) -> PublishResult:
    """Publish a year's drafts (for one area, or every area), or exactly the figures given.

    Refuses (PublishError, nothing written) when a published figure changed without a reason.
    """
    if figures is None:
        figures = Figure.objects.filter(year=year)
        if area is not None:
            figures = figures.filter(area=area)
    figures = figures.select_related("area", "measure", "year")
    pending = pending_figures(figures)
    missing = missing_reasons(pending)
    if missing:
        raise PublishError(missing)

    summaries = []
    if year is not None:
        boroughs = BoroughSummary.objects.filter(year=year)
        if area is not None:
            boroughs = boroughs.filter(area=area)
        summaries = list(boroughs) if area is None or not area.is_london else []
        if area is None or area.is_london:
            summaries += list(LondonSummary.objects.filter(year=year))
    pending_summaries = _pending_summaries(summaries)

    result = PublishResult(release=None)
    if not pending and not pending_summaries:
        return result
    release = Release.objects.create(
        year=year,
        area=area,
        release_at=release_at or timezone.now(),
        published_by=by,
        published_via=via,
    )
    result.release = release
    versions = []
    for figure, previous in pending:
        versions.append(
            FigureVersion(
                figure=figure,
                release=release,
                value=figure.value,
                previous_value=None if previous is None else previous.value,
                reason="" if previous is None else figure.correction_reason.strip(),
            )
        )
        if previous is None:
            result.new += 1
        else:
            result.corrected += 1
    FigureVersion.objects.bulk_create(versions)
    Figure.objects.filter(pk__in=[f.pk for f, p in pending if p is not None]).update(
        correction_reason=""
    )
    SummaryVersion.objects.bulk_create(
        SummaryVersion(release=release, data=_summary_data(summary), **{key: summary})
        for key, summary in pending_summaries
    )
    result.summaries = len(pending_summaries)
    return result


# ---------------------------------------------------------------- public reads


def published_entries(start_years, areas=None, now=None):
    """Released figures: ({(area, measure, year, kind): value}, {same key: correction reason}).

    One query for every released version of the figures asked for, latest first;
    the first per figure is its public value. A latest version that corrected an
    earlier one carries its reason, and the page marks the figure as revised.
    """
    versions = FigureVersion.objects.released(now)
    if start_years is not None:
        versions = versions.for_years(start_years)
    if areas is not None:
        versions = versions.for_areas(areas)
    rows = versions.latest_first().values_list(
        "figure_id",
        "figure__area__code",
        "figure__measure__slug",
        "figure__year__start_year",
        "figure__kind",
        "value",
        "reason",
    )
    entries: dict[tuple, Decimal] = {}
    revisions: dict[tuple, str] = {}
    seen: set[int] = set()
    for figure_id, code, slug, start, kind, value, reason in rows:
        if figure_id in seen:
            continue
        seen.add(figure_id)
        entries[(code, slug, start, kind)] = value
        if reason:
            revisions[(code, slug, start, kind)] = reason
    return entries, revisions


def published_summary(model, **lookup):
    """The released words of a summary as an unsaved instance, or None if none are released."""
    key = "borough_summary" if model is BoroughSummary else "london_summary"
    version = (
        SummaryVersion.objects.filter(release__release_at__lte=timezone.now())
        .filter(**{f"{key}__{name}": value for name, value in lookup.items()})
        .order_by("-release__release_at", "-release_id")
        .first()
    )
    if version is None:
        return None
    return model(**version.data)


def published_figures(*, areas=None, start_years=None, now=None) -> list[Figure]:
    """Released figures as unsaved Figure objects carrying their public value, for downloads."""
    versions = FigureVersion.objects.released(now).select_related(
        "figure__area", "figure__measure", "figure__year"
    )
    if areas is not None:
        versions = versions.for_areas(areas)
    if start_years is not None:
        versions = versions.for_years(start_years)
    public: dict[int, Figure] = {}
    for version in versions.latest_first():
        if version.figure_id not in public:
            figure = version.figure
            figure.value = version.value
            public[version.figure_id] = figure
    return sorted(
        public.values(),
        key=lambda f: (f.area.kind, f.area.name, f.measure.position, f.year.start_year, f.kind),
    )


def corrections(*, year: FinancialYear, area: Area | None = None, now=None):
    """Released corrections for a year: what changed, from what, to what, when and why."""
    versions = (
        FigureVersion.objects.released(now)
        .corrections()
        .filter(figure__year=year)
        .select_related("figure__area", "figure__measure", "release")
        .order_by("-release__release_at", "figure__area__name", "figure__measure__position")
    )
    if area is not None:
        versions = versions.filter(figure__area=area)
    return list(versions)
