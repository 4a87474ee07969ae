"""Drafts as a page would show them, for staff: computed, never stored."""

from __future__ import annotations

from boroughs.models import Area, EngagementGroup, UsefulContact

from ..models import BoroughSummary, FinancialYear, LondonSummary
from ..public import RECENT_YEARS, AreaYear, by_position, trends_of, view_of_outcome
from .figure_states import book_of, proposed_state, published_state
from .outcome_changes import bases_of
from .scope import CONTACT_FIELDS, GROUP_FIELDS, Catalogue, Scope, definition, spec_of


def draft_outcomes(area: Area, years: list[int]):
    """Outcomes for an area's page as they will be once drafts are published: the published
    figures with the area's drafts in their place (for London-wide, every draft, since its
    sums take in the boroughs')."""
    cat = Catalogue()
    published = published_state(cat)
    proposed, _ = proposed_state(cat, Scope(None, None if area.is_london else area), published)
    book = book_of(cat, proposed)
    defs = {m.pk: definition(m) for m in cat.measures.values()}
    result = {}
    for start in years:
        for measure in sorted(cat.measures.values(), key=lambda m: (m.position, m.name)):
            if book.has_entered(area.code, measure.slug, start):
                spec = spec_of(defs[measure.pk])
                result[(start, measure.slug)] = (
                    book.outcome(spec, area.code, start),
                    bases_of(proposed, book, area.code, measure.slug, start),
                    defs[measure.pk],
                )
    return result


def draft_area_year(area: Area, year: FinancialYear) -> AreaYear:
    """The page as it will look once drafts are published, for staff: computed, not stored."""
    start = year.start_year
    computed = draft_outcomes(area, list(range(start - RECENT_YEARS + 1, start + 2)))
    views = [view_of_outcome(o, bases, data) for o, bases, data in computed.values()]
    this_year = by_position([v for v in views if v.year == start])
    summary = (
        LondonSummary.objects.filter(year=year).first()
        if area.is_london
        else BoroughSummary.objects.for_page(area, year)
    )
    groups = [
        {f: getattr(g, f) for f in GROUP_FIELDS} for g in EngagementGroup.objects.filter(area=area)
    ]
    contacts = [
        {f: getattr(c, f) for f in CONTACT_FIELDS}
        for c in UsefulContact.objects.for_borough_page(area)
    ]
    return AreaYear(
        area=area,
        year=year,
        outcomes=this_year,
        priorities=[v.priority for v in by_position(v for v in views if v.year == start + 1)],
        content=summary,
        years=[year],
        trends=trends_of(this_year, views),
        groups=[] if area.is_london else groups,
        contacts=contacts,
    )
