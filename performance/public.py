"""The public read layer: every page, download, API answer and leaflet reads through here.

What the public sees is what releases froze (performance.publication): for each area,
year and measure, the latest ReleasedOutcome released by now, or by the end of a given
day for a page "as published"; likewise for figures, words and contacts. Each read is
a fixed, small number of queries over the rows of the page asked for, so its cost does
not grow with the rest of the data, nor with its history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import JSONField, Max, Q, Subquery
from django.utils import timezone

from boroughs.models import LONDON_CODE, Area
from sitewide.cache import remember

from .charts import MonthlyChart, TrendChart, monthly_chart, trend_chart
from .models import (
    BoroughSummary,
    ContentKind,
    ContentVersion,
    CrimeEdition,
    Figure,
    FigureVersion,
    FinancialYear,
    LondonSummary,
    Measure,
    MonthlyMeasureCount,
    Release,
    ReleasedOutcome,
    SummaryVersion,
)
from .rules import (
    FigureKind,
    Interval,
    MeasureSpec,
    SeriesBreakNote,
    Status,
    TargetKind,
    UncertaintyWords,
    Unit,
    YearToDate,
    format_count,
    in_plain_words,
    last_complete_year,
    month_label,
    months_break_notes,
    months_ending,
    priority_text,
    targets_met_text,
    year_break_notes,
    year_label,
    year_slug,
    year_to_date,
)

# Trend charts and the list of other years reach this many years either side of a page's.
RECENT_YEARS = 10


# ---------------------------------------------------------------- one outcome, as shown


@dataclass(frozen=True)
class OutcomeView(UncertaintyWords):
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
    priority: str = ""
    derived_from: str = ""
    coverage: str = ""
    notes: tuple[str, ...] = ()
    illustrative: bool = False
    revised: bool = False
    revision: str = ""
    first_published: dict = field(default_factory=dict)
    released_on: datetime.date | None = None
    area: Area | None = None
    withdrawn: bool = False
    interval: Interval | None = None

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def year_label(self) -> str:
        return year_label(self.year)

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
        return f"{'+' if self.change_percent > 0 else ''}{self.change_percent}%"

    @property
    def change_count_text(self) -> str:
        return "–" if self.change is None else format_count(self.change)

    @property
    def change_percent_text(self) -> str:
        return "–" if self.change_percent is None else f"{self.change_percent}%"


def view_of(row: ReleasedOutcome) -> OutcomeView:
    """A released row as shown (its year and area fetched with it)."""
    return OutcomeView(
        measure=MeasureSpec(
            row.measure_slug, row.measure_name, row.unit, row.better, row.target_kind
        ),
        position=row.position,
        year=row.year.start_year,
        result=row.result,
        previous=row.previous,
        target=row.target,
        change=row.change,
        change_percent=row.change_percent,
        status=row.status,
        reason=row.reason,
        result_text=row.result_text,
        target_text=row.target_text,
        statement=row.statement,
        priority=row.priority,
        derived_from=row.derived_from,
        coverage=row.coverage,
        notes=tuple(row.notes or ()),
        illustrative=row.illustrative,
        revised=row.revised,
        revision=row.revision,
        first_published=row.first_published or {},
        released_on=timezone.localdate(row.release_at),
        area=row.area,
        withdrawn=row.withdrawn,
        interval=(
            None
            if row.interval_low is None
            else Interval(row.interval_low, row.interval_high, tuple(row.sample_sizes))
        ),
    )


def view_of_outcome(outcome, illustrative: bool, definition: dict) -> OutcomeView:
    """A computed draft outcome as a page would show it: staff's preview."""
    return OutcomeView(
        measure=outcome.measure,
        position=definition["position"],
        year=outcome.year,
        result=outcome.result,
        previous=outcome.previous,
        target=outcome.target,
        change=outcome.change,
        change_percent=outcome.change_percent,
        status=outcome.status,
        reason=outcome.reason,
        result_text=outcome.result_text,
        target_text=outcome.target_text,
        statement=outcome.statement,
        priority="" if outcome.target is None else priority_text(outcome.measure, outcome.target),
        derived_from=outcome.derived_from,
        coverage=outcome.coverage,
        notes=outcome.notes,
        illustrative=illustrative,
        interval=outcome.interval,
    )


def _released_by(as_of):
    return as_of or timezone.now()


def latest_views(queryset, as_of=None, *, withdrawn=False) -> list[OutcomeView]:
    """The public row of each (area, year, measure) in ``queryset``: the latest released by
    ``as_of`` (now by default), left out if that one withdrew it. One query."""
    rows = (
        queryset.filter(release_at__lte=_released_by(as_of))
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


# ---------------------------------------------------------------- a page


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
    def targets_met_text(self) -> str:
        return targets_met_text(self.outcomes)

    @property
    def in_plain_words(self) -> list[str]:
        """Each outcome as a sentence, in the table's order: the page opens with these."""
        return [in_plain_words(outcome) for outcome in self.outcomes]

    @property
    def extra_priorities(self) -> list[str]:
        text = getattr(self.content, "priorities_text", "") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def corrections(self) -> list[OutcomeView]:
        """This year's revised outcomes, then those withdrawn."""
        return [o for o in self.outcomes if o.revised] + self.withdrawn

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


def _end_of(day: datetime.date | None):
    """The moment "as published on" a day shows: the end of that day, or now if that is
    earlier, so a release scheduled for later today is never in today's edition."""
    if day is None:
        return None
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return min(timezone.make_aware(midnight) - datetime.timedelta(microseconds=1), timezone.now())


def edition_on(area: Area, day: datetime.date) -> datetime.date | None:
    """The day of the edition of an area's pages the public saw on ``day``: that of the
    latest release by then that could change them (one for the area, for London-wide,
    whose contacts every page shows, or for every area). None before the first.

    Every as-published address of a day leads to its edition's, so there is one page per
    release, not one per day (which anyone could ask for a thousand of)."""
    covering = Release.objects.filter(
        Q(area=None) | Q(area=area) | Q(area__code=LONDON_CODE),
        release_at__lte=_end_of(day),
    )
    latest = covering.order_by("-release_at").values_list("release_at", flat=True).first()
    return None if latest is None else timezone.localdate(latest)


def _latest_data(queryset, as_of):
    version = queryset.filter(release_at__lte=_released_by(as_of)).order_by("-release_at", "-pk")
    return version.values_list("data", flat=True).first()


def content_of(area: Area, year: FinancialYear, as_of=None):
    """The released words for a page, as an unsaved summary: None if none are released."""
    data = _latest_data(SummaryVersion.objects.filter(area=area, year=year), as_of)
    if not data:
        return None
    return LondonSummary(**data) if area.is_london else BoroughSummary(**data)


def contacts_of(area: Area, kind: str, as_of=None) -> list[dict]:
    return _latest_data(ContentVersion.objects.filter(area=area, kind=kind), as_of) or []


def area_year(area: Area, year: FinancialYear, *, as_of: datetime.date | None = None) -> AreaYear:
    """A page of released outcomes: this year's, with next year's targets as priorities and
    recent years for the trends. ``as_of`` gives the page as published that day."""
    moment = _end_of(as_of)
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
    if not area.is_london:
        page.groups = contacts_of(area, ContentKind.GROUPS, moment)
    page.contacts = contacts_of(area, ContentKind.CONTACTS, moment) + contacts_of(
        None, ContentKind.CONTACTS, moment
    )
    page.recorded_crime = recorded_crime(area, year, moment)
    return page


# ---------------------------------------------------------------- recorded crime by month

# The monthly trend shows this many months, each beside the same month a year earlier.
TREND_MONTHS = 24


@dataclass(frozen=True)
class MonthRow:
    label: str
    count: int
    year_before: int | None

    @property
    def count_text(self) -> str:
        return format_count(self.count)

    @property
    def year_before_text(self) -> str:
        return "–" if self.year_before is None else format_count(self.year_before)


@dataclass(frozen=True)
class MonthlyTrend:
    slug: str
    name: str
    months: list[MonthRow]
    chart: MonthlyChart | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearToDateRow:
    """A year to date, with the series breaks between the months it compares."""

    year_to_date: YearToDate
    notes: tuple[str, ...] = ()


@dataclass
class RecordedCrime:
    """What the latest released edition of the police's recorded crime says of an area
    after its last complete year: the year so far, and the last 24 months."""

    edition: CrimeEdition
    years_to_date: list[YearToDateRow]
    trends: list[MonthlyTrend]

    @property
    def edition_text(self) -> str:
        return f"{self.edition.published_on:%-d %B %Y}"


def released_edition(moment=None) -> CrimeEdition | None:
    """The latest edition released by then, with the series breaks released by then (as
    ``released_breaks``), in one query."""
    released_by = _released_by(moment)
    breaks = Release.objects.released(released_by).latest_series_breaks()
    return (
        CrimeEdition.objects.filter(release_at__lte=released_by)
        .annotate(released_breaks=Subquery(breaks, output_field=JSONField()))
        .order_by("-published_on")
        .first()
    )


def _monthly_counts(edition: CrimeEdition, area: Area, since: datetime.date):
    """{measure id: {(year, month): count}} for the area, from ``since``."""
    rows = MonthlyMeasureCount.objects.filter(
        edition=edition, area=area, month__gte=since
    ).values_list("measure_id", "month", "count")
    counts: dict[int, dict[tuple[int, int], int]] = {}
    for measure_id, month, count in rows:
        counts.setdefault(measure_id, {})[(month.year, month.month)] = count
    return counts


def recorded_crime(area: Area, year: FinancialYear, moment=None) -> RecordedCrime | None:
    """Shown on the page of the edition's last complete year: the months after it."""
    edition = released_edition(moment)
    if edition is None:
        return None
    last = (edition.last_month.year, edition.last_month.month)
    if last_complete_year(last) != year.start_year:
        return None
    shown = months_ending(last, TREND_MONTHS)
    # Read from a year before the first shown, to compare each month with.
    since = datetime.date(*months_ending(last, TREND_MONTHS + 12)[0], 1)
    counts = _monthly_counts(edition, area, since)
    measures = [m for m in measures_by_id().values() if m.pk in counts]
    partial = year.start_year + 1
    targets = {
        view.measure.slug: view.target
        for view in latest_views(
            ReleasedOutcome.objects.filter(area=area, year__start_year=partial), moment
        )
        if view.target is not None
    }
    breaks = [SeriesBreakNote.from_json(b) for b in edition.released_breaks or ()]
    trends, to_date = [], []
    for measure in measures:
        monthly = counts[measure.pk]
        # Each month shown is compared with the same month a year earlier.
        notes = months_break_notes(breaks, measure.slug, (since.year, since.month), last)
        ytd = year_to_date(measure.spec, monthly, partial, targets.get(measure.slug))
        if ytd is not None:
            to_date.append(YearToDateRow(ytd, notes))
        held = [m for m in shown if m in monthly]
        rows = [MonthRow(month_label(*m), monthly[m], monthly.get((m[0] - 1, m[1]))) for m in held]
        chart = monthly_chart(
            measure.name, held, [r.count for r in rows], [r.year_before for r in rows]
        )
        trends.append(
            MonthlyTrend(
                slug=measure.slug, name=measure.name, months=rows, chart=chart, notes=notes
            )
        )
    return RecordedCrime(edition=edition, years_to_date=to_date, trends=trends)


def monthly_figures(area: Area):
    """Every monthly count the latest released edition gives for an area, as
    (area, measure, month, count, edition) in the catalogue's order; none before one is
    released."""
    edition = released_edition()
    if edition is None:
        return []
    rows = (
        MonthlyMeasureCount.objects.filter(edition=edition, area=area)
        .select_related("measure")
        .order_by("measure__position", "month")
    )
    return [(area, row.measure, row.month, row.count, edition) for row in rows]


def released_definitions() -> dict[int, dict]:
    """Each measure's definition as the latest release out by now froze it; a measure no
    release has published is not in it."""
    return ReleasedOutcome.objects.released().definitions()


def measures_by_id() -> dict[int, Measure]:
    """The catalogue, in its order; kept until the next publication."""
    return remember(
        "measures-by-id", lambda: {m.pk: m for m in Measure.objects.order_by("position", "name")}
    )


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
        "corrections": summary.corrections,
        "preview": preview,
    }


def editions(area: Area, year: FinancialYear) -> list[datetime.date]:
    """The days a release changed this page's outcomes, oldest first, up to now."""
    moments = (
        ReleasedOutcome.objects.filter(area=area, year=year, release_at__lte=timezone.now())
        .values_list("release_at", flat=True)
        .distinct()
    )
    return sorted({timezone.localdate(moment) for moment in moments})


def public_years(area: Area | None = None, *, around: int | None = None, as_of=None):
    """The years with a released outcome (for an area, or anywhere), oldest first."""
    rows = ReleasedOutcome.objects.filter(release_at__lte=_released_by(as_of), withdrawn=False)
    if area is not None:
        rows = rows.filter(area=area)
    if around is not None:
        rows = rows.filter(
            year__start_year__range=(around - RECENT_YEARS + 1, around + RECENT_YEARS)
        )
    ids = rows.values_list("year_id", flat=True).distinct()
    return list(FinancialYear.objects.filter(pk__in=ids).order_by("start_year"))


def public_pages_of_years() -> list[tuple[str, str]]:
    """(area slug, year slug) of every area's year with a released outcome: the summary
    pages that exist, for the sitemap. One query."""
    rows = (
        ReleasedOutcome.objects.filter(release_at__lte=timezone.now(), withdrawn=False)
        .values_list("area__slug", "year__start_year")
        .distinct()
        .order_by("area__slug", "year__start_year")
    )
    return [(area, year_slug(start)) for area, start in rows]


def public_year(slug: str) -> FinancialYear | None:
    """The year at this address, if any outcome of it is public."""
    try:
        year = FinancialYear.objects.get_by_slug(slug)
    except FinancialYear.DoesNotExist:
        return None
    public = ReleasedOutcome.objects.filter(year=year, release_at__lte=timezone.now())
    return year if public.filter(withdrawn=False).exists() else None


def latest_public_year(area: Area | None = None) -> FinancialYear | None:
    """The latest year with a released result (a year of targets alone is next year's)."""
    rows = ReleasedOutcome.objects.filter(
        release_at__lte=timezone.now(), withdrawn=False, result__isnull=False
    )
    if area is not None:
        rows = rows.filter(area=area)
    latest = rows.aggregate(latest=Max("year__start_year"))["latest"]
    return None if latest is None else FinancialYear.objects.get(start_year=latest)


# ---------------------------------------------------------------- London at a glance, compare


@dataclass
class BoroughRow:
    area: Area
    outcome: OutcomeView

    @property
    def rate_per_thousand(self):
        """Offences per 1,000 residents, where the population is known."""
        result = self.outcome.result
        if result is None or not self.area.population or self.outcome.measure.unit != Unit.OFFENCES:
            return None
        return round(float(result) * 1000 / self.area.population, 1)

    @property
    def rate_text(self) -> str:
        rate = self.rate_per_thousand
        return "–" if rate is None else f"{rate}"


SORT_KEYS = {
    "borough": lambda row: row.area.name,
    "value": lambda row: row.outcome.result,
    "change": lambda row: row.outcome.change,
    "percent": lambda row: row.outcome.change_percent,
    "rate": lambda row: row.rate_per_thousand,
    "status": lambda row: row.outcome.status_label,
}


def borough_comparison(year: FinancialYear, measure: MeasureSpec, sort="borough", descending=False):
    """Every borough's outcome on one measure in a year, sorted; rows without a value last
    (a borough with nothing released shows as such)."""
    boroughs = {a.pk: a for a in Area.objects.boroughs()}
    views = latest_views(ReleasedOutcome.objects.filter(year=year, measure__slug=measure.slug))
    by_area = {v.area.pk: v for v in views}
    nothing = OutcomeView(
        measure=measure,
        position=0,
        year=year.start_year,
        result=None,
        previous=None,
        target=None,
        change=None,
        change_percent=None,
        status=Status.NOT_ASSESSED,
        result_text=f"No figures published for {year.label}",
    )
    rows = [BoroughRow(area, by_area.get(pk, nothing)) for pk, area in boroughs.items()]
    key = SORT_KEYS.get(sort, SORT_KEYS["borough"])
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return present + [r for r in rows if key(r) is None]


@dataclass
class CompareRow:
    measure: MeasureSpec
    borough: OutcomeView
    london: OutcomeView | None
    similar: list[OutcomeView | None]

    @property
    def similar_average_text(self) -> str:
        average = self.similar_average
        if average is None:
            return "–"
        percent = self.measure.target_kind == TargetKind.CHANGE or self.measure.unit == Unit.PERCENT
        return f"{average}{'%' if percent else ''}"

    @property
    def similar_average(self):
        """The similar boroughs' average % change (or level), over those that have one."""
        values = [
            (o.change_percent if o.measure.target_kind == TargetKind.CHANGE else o.result)
            for o in self.similar
            if o is not None
        ]
        values = [v for v in values if v is not None]
        if not values:
            return None
        return round(sum(float(v) for v in values) / len(values), 1)


def similar_boroughs(area: Area, boroughs: list[Area], count: int = 3) -> list[Area]:
    """The boroughs nearest in population (none when the population is not known)."""
    if not area.population:
        return []
    others = [b for b in boroughs if b.pk != area.pk and b.population]
    return sorted(others, key=lambda b: (abs(b.population - area.population), b.name))[:count]


def compare(area: Area, year: FinancialYear):
    """A borough beside London as a whole and beside boroughs of similar size, by measure."""
    boroughs = list(Area.objects.boroughs())
    similar = similar_boroughs(area, boroughs)
    london = Area.objects.london()
    wanted = [area.pk, london.pk, *(b.pk for b in similar)]
    views = latest_views(ReleasedOutcome.objects.filter(year=year, area_id__in=wanted))
    found = {(v.area.pk, v.measure.slug): v for v in views}
    rows = [
        CompareRow(
            measure=v.measure,
            borough=v,
            london=found.get((london.pk, v.measure.slug)),
            similar=[found.get((b.pk, v.measure.slug)) for b in similar],
        )
        for v in by_position(v for v in views if v.area.pk == area.pk)
    ]
    return rows, similar


# ---------------------------------------------------------------- corrections, downloads


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
class PublishedFigure:
    """A figure as released, for the downloads."""

    area: Area
    measure: Measure
    year: FinancialYear
    kind: str
    value: Decimal
    illustrative: bool
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
    found = Release.objects.released(_released_by(moment)).latest_series_breaks()
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
            illustrative=version.illustrative,
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
        )
        figures.append(figure)
    return sorted(
        figures,
        key=lambda f: (f.area.kind, f.area.name, f.measure.position, f.year.start_year, f.kind),
    )


def footer_contacts() -> list[dict]:
    """The released pan-London contacts, for every page's footer (kept in the shared cache)."""
    return remember("footer-contacts", lambda: contacts_of(None, ContentKind.CONTACTS)[:6] or [])
