"""A borough's or London's page for a year, as released by now or as published on a day."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from boroughs.models import LONDON_CODE, Area

from ..charts import TrendChart, trend_chart
from ..maps import where_it_is
from ..models import (
    BoroughSummary,
    ContentKind,
    ContentVersion,
    FinancialYear,
    LondonSummary,
    Release,
    ReleasedOutcome,
    SummaryVersion,
)
from ..rules import (
    Population,
    Rate,
    Status,
    against_london,
    no_targets_text,
    population_for,
    targets_met_text,
    year_label,
)
from .attitudes import attitudes_of
from .calendar import next_release
from .categories import LONDON_WIDE_RULE
from .corrections import CorrectionGroup, correction_groups
from .monthly import RecordedCrime, recorded_crime
from .outcomes import (
    RECENT_YEARS,
    OutcomeView,
    by_position,
    end_of_day,
    latest_views,
    moment_or_now,
)
from .populations import estimates_from, population_of, rate_of
from .years import editions, public_years


@dataclass
class AreaYear:
    """What a borough's or London's page shows of one year."""

    area: Area
    year: FinancialYear
    outcomes: list[OutcomeView]
    priorities: list[str]
    content: BoroughSummary | LondonSummary | None = None
    years: list[FinancialYear] = field(default_factory=list)
    trends: list[TrendChart] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    editions: list[datetime.date] = field(default_factory=list)
    as_of: datetime.date | None = None
    withdrawn: list[OutcomeView] = field(default_factory=list)
    recorded_crime: RecordedCrime | None = None
    # In a year without targets, London's % change in each measure, to compare with.
    london_changes: dict[str, object] = field(default_factory=dict)
    # How to find the residents its rates per 1,000 divide by, as released: a borough's
    # comes with its lists; London-wide's, summed from the boroughs, only when asked for
    # (London's page shows no rates; the API does).
    population_from: Callable[[], Population | None] | None = None

    @cached_property
    def population(self) -> Population | None:
        return self.population_from() if self.population_from else None

    @property
    def rates(self) -> list[tuple[OutcomeView, Rate]]:
        """Each crime measure's result per 1,000 residents, where the population is known."""
        return [(o, rate) for o in self.outcomes if (rate := rate_of(o, self.population))]

    def rate_for(self, outcome: OutcomeView) -> Rate | None:
        return rate_of(outcome, self.population)

    @property
    def counting_rule(self) -> str:
        """How London-wide counts are made, said on London's page."""
        return LONDON_WIDE_RULE if self.area.is_london else ""

    @property
    def any_within_ordinary_variation(self) -> bool:
        """Whether a printed table marks any change as within ordinary variation (‡)."""
        return any(outcome.within_ordinary_variation for outcome in self.outcomes)

    @property
    def has_targets(self) -> bool:
        return any(o.target is not None for o in self.outcomes)

    @property
    def is_empty(self) -> bool:
        """Nothing of this page had been released (by ``as_of``)."""
        return not (self.outcomes or self.withdrawn or self.content)

    @property
    def next_year_label(self) -> str:
        return year_label(self.year.start_year + 1)

    @property
    def achieved(self):
        return [o for o in self.outcomes if o.status == Status.ACHIEVED]

    @property
    def missed(self):
        return [o for o in self.outcomes if o.status == Status.MISSED]

    @property
    def other_outcomes(self):
        return [o for o in self.outcomes if o.status not in (Status.ACHIEVED, Status.MISSED)]

    @property
    def basis_notes(self) -> list[str]:
        """How the figures are known, where not as their source recorded them, one sentence
        per way: "How these figures are known: residential burglary and robbery, result
        imputed (…); target assumed (…)."."""
        by_text: dict[str, list[str]] = {}
        for outcome in self.outcomes:
            if outcome.basis_text:
                by_text.setdefault(outcome.basis_text, []).append(outcome.measure.name.lower())
        return [
            f"How these figures are known: {', '.join(names)}: {text}."
            for text, names in by_text.items()
        ]

    @property
    def targets_met_text(self) -> str:
        if self.outcomes and not self.has_targets:
            return no_targets_text(self.year.label, beside_london=not self.area.is_london)
        return targets_met_text(self.outcomes)

    @property
    def in_plain_words(self) -> list[str]:
        """Each outcome as a sentence, in the table's order: the page opens with these. In
        a year without targets, each change beside London's."""
        if self.outcomes and not self.has_targets and not self.area.is_london:
            return [
                against_london(o, self.london_changes.get(o.measure.slug)) for o in self.outcomes
            ]
        return [outcome.verdict for outcome in self.outcomes]

    @property
    def extra_priorities(self) -> list[str]:
        text = getattr(self.content, "priorities_text", "") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def corrections(self) -> list[OutcomeView]:
        """This year's revised outcomes, then those withdrawn."""
        return [o for o in self.outcomes if o.revised] + self.withdrawn

    @property
    def correction_groups(self) -> list[CorrectionGroup]:
        """This year's corrections that changed what a reader sees, each cause said once."""
        return correction_groups(self.corrections)

    @property
    def illustrative(self) -> bool:
        return any(o.illustrative for o in self.outcomes)

    @property
    def earlier_editions(self) -> list[datetime.date]:
        """The days this page was changed by a release, before the one shown."""
        shown = self.as_of or timezone.localdate()
        return [day for day in self.editions if day < shown]


def trends_of(this_year: list[OutcomeView], views) -> list[TrendChart]:
    """A trend chart for each of this year's measures, from every view of it up to this
    year: the one builder for the public page and staff's preview."""
    history: dict[str, dict[int, tuple]] = {}
    for view in views:
        if this_year and view.year <= this_year[0].year:
            history.setdefault(view.measure.slug, {})[view.year] = (view.result, view.target)
    return [
        chart
        for outcome in this_year
        if (chart := trend_chart(outcome.measure, history.get(outcome.measure.slug, {})))
    ]


def edition_on(area: Area, day: datetime.date) -> datetime.date | None:
    """The day of the edition of an area's pages the public saw on ``day``: that of the
    latest release by then that could change them (one for the area, for London-wide,
    whose contacts every page shows, or for every area). None before the first.

    Every as-published address of a day leads to its edition's, so there is one page per
    release, not one per day (which anyone could ask for a thousand of)."""
    covering = Release.objects.filter(
        Q(area=None) | Q(area=area) | Q(area__code=LONDON_CODE),
        release_at__lte=end_of_day(day),
    )
    latest = covering.order_by("-release_at").values_list("release_at", flat=True).first()
    return None if latest is None else timezone.localdate(latest)


def _latest_data(queryset, as_of):
    version = queryset.filter(release_at__lte=moment_or_now(as_of)).order_by("-release_at", "-pk")
    return version.values_list("data", flat=True).first()


def content_of(area: Area, year: FinancialYear, as_of=None):
    """The released words for a page, as an unsaved summary: None if none are released."""
    data = _latest_data(SummaryVersion.objects.filter(area=area, year=year), as_of)
    if not data:
        return None
    return LondonSummary(**data) if area.is_london else BoroughSummary(**data)


def contacts_of(area: Area, kind: str, as_of=None) -> list[dict]:
    return _latest_data(ContentVersion.objects.filter(area=area, kind=kind), as_of) or []


def released_lists(area: Area, as_of=None) -> dict[str, list]:
    """An area's own released lists (groups, contacts, population estimates), each as its
    latest release by ``as_of`` gave it, by kind: one query for them all."""
    versions = (
        ContentVersion.objects.filter(area=area, release_at__lte=moment_or_now(as_of))
        .order_by("kind", "-release_at", "-pk")
        .values_list("kind", "data")
    )
    found: dict[str, list] = {}
    for kind, data in versions:
        found.setdefault(kind, data)
    return found


def area_year(area: Area, year: FinancialYear, *, as_of: datetime.date | None = None) -> AreaYear:
    """A page of released outcomes: this year's, with next year's targets as priorities and
    recent years for the trends. ``as_of`` gives the page as published that day."""
    moment = end_of_day(as_of)
    start = year.start_year
    every_view = latest_views(
        ReleasedOutcome.objects.filter(area=area, year__start_year__in=(start, start + 1)),
        moment,
        withdrawn=True,
    )
    views = [v for v in every_view if not v.withdrawn]
    this_year = by_position([v for v in views if v.year == start])
    # Earlier years only for the measures this year shows (their trend charts): a page
    # reads as many rows however many measures and years the history holds.
    views += latest_views(
        ReleasedOutcome.objects.filter(
            area=area,
            year__start_year__range=(start - RECENT_YEARS + 1, start - 1),
            measure_slug__in=[v.measure.slug for v in this_year],
        ),
        moment,
    )
    priorities = [v.priority for v in by_position(v for v in views if v.year == start + 1)]
    trends = trends_of(this_year, views)
    page = AreaYear(
        area=area,
        year=year,
        outcomes=this_year,
        priorities=[p for p in priorities if p],
        content=content_of(area, year, moment),
        years=public_years(area, around=start, as_of=moment),
        trends=trends,
        editions=editions(area, year),
        as_of=as_of,
        withdrawn=by_position(v for v in every_view if v.withdrawn and v.year == start),
    )
    own = released_lists(area, moment)
    if area.is_london:
        page.population_from = lambda: population_of(area, start, moment)
    else:
        page.groups = own.get(ContentKind.GROUPS, [])
        estimates = estimates_from(own.get(ContentKind.POPULATION, []))
        page.population_from = lambda: population_for(estimates, start)
    page.contacts = own.get(ContentKind.CONTACTS, []) + contacts_of(
        None, ContentKind.CONTACTS, moment
    )
    page.recorded_crime = recorded_crime(area, year, moment)
    if this_year and not page.has_targets and not area.is_london:
        page.london_changes = {
            v.measure.slug: v.change_percent
            for v in latest_views(
                ReleasedOutcome.objects.filter(
                    area__code=LONDON_CODE,
                    year=year,
                    measure_slug__in=[v.measure.slug for v in this_year],
                ),
                moment,
            )
        }
    return page


def borough_page_context(summary: AreaYear, *, preview: bool = False) -> dict:
    """What a borough's page and its printed leaflet both show, with the sections other
    apps add (sitewide.sections)."""
    from sitewide.sections import borough_page_sections

    # What other apps add (the consultation's "You said, we did") is read live, not kept
    # with each release: a page as published leaves it out and says so.
    sections = (
        []
        if summary.as_of
        else borough_page_sections(summary.area, summary.year, summary.priorities)
    )
    return {
        "sections": sections,
        "summary": summary,
        "area": summary.area,
        "groups": summary.groups,
        "contacts": summary.contacts,
        "preview": preview,
        # Where the borough is in London, drawn from its boundary (no query).
        "where": where_it_is(summary.area),
        "next_release": None if summary.as_of else next_release(summary.area),
        # What people think: the latest survey quarters, whatever the page's year.
        "attitudes": None if summary.as_of or preview else attitudes_of(summary.area),
    }
