"""The API's operations."""

from __future__ import annotations

from dataclasses import asdict

from boroughs.models import Area

from .. import public
from ..definitions import definition_of
from ..models import Measure
from .answers import borough_out, performance_in, ward_out, year_out
from .errors import borough_named, start_year_named, ward_named
from .schemas import (
    AttitudeOut,
    BoroughDetail,
    BoroughSlug,
    BoroughSummary,
    MeasureOut,
    Message,
    Performance,
    WardCode,
    WardOut,
    YearOut,
    YearSlug,
)
from .service import api


@api.get("/boroughs", response=list[BoroughSummary], url_name="boroughs", summary="Boroughs")
def boroughs(request):
    """The 32 London boroughs policed by the Met, with links to their pages and figures."""
    return [borough_out(area) for area in Area.objects.boroughs()]


@api.get(
    "/boroughs/{slug}",
    response={200: BoroughDetail, 400: Message, 404: Message},
    url_name="borough",
    summary="One borough",
)
def borough(request, slug: BoroughSlug):
    """A borough with its community police engagement groups and useful contacts."""
    area = borough_named(slug)
    own = public.contacts_of(area, "contacts")
    pan_london = public.contacts_of(None, "contacts")
    return {
        **borough_out(area),
        "engagement_groups": public.contacts_of(area, "groups"),
        "contacts": [
            {
                "name": c["name"],
                "description": c["description"],
                "telephone": c["telephone"],
                "minicom": c["minicom"],
                "website": c["website"],
                "pan_london": contacts is pan_london,
            }
            for contacts in (own, pan_london)
            for c in contacts
        ],
    }


@api.get("/measures", response=list[MeasureOut], url_name="measures", summary="Measures")
def measures(request):
    """The catalogue of measures as the releases out by now defined them, with units and
    what counts as better; a measure no release has published yet is not listed."""
    released = public.released_definitions()
    measures = Measure.objects.select_related("part_of").order_by("position", "name")
    return [
        {
            **{k: released[m.pk][k] for k in ("slug", "name", "unit", "better", "target_kind")},
            "part_of": m.part_of.slug if m.part_of else None,
            **asdict(definition_of(m.slug)),
        }
        for m in measures
        if m.pk in released
    ]


@api.get("/years", response=list[YearOut], url_name="years", summary="Years")
def years(request):
    """The financial years that have published figures."""
    return [year_out(y) for y in public.public_years()]


@api.get(
    "/boroughs/{slug}/performance/{year}",
    response={200: Performance, 400: Message, 404: Message},
    url_name="borough-performance",
    summary="A borough's performance in a year",
)
def borough_performance(request, slug: BoroughSlug, year: YearSlug):
    """One entry per measure with figures, as the borough's page shows them."""
    return performance_in(borough_named(slug), start_year_named(year))


@api.get(
    "/london/performance/{year}",
    response={200: Performance, 400: Message, 404: Message},
    url_name="london-performance",
    summary="London-wide performance in a year",
)
def london_performance(request, year: YearSlug):
    """One entry per measure with London-wide figures, entered or summed from the boroughs."""
    return performance_in(Area.objects.london(), start_year_named(year))


@api.get(
    "/wards/{code}",
    response={200: WardOut, 400: Message, 404: Message},
    url_name="ward",
    summary="One ward's recorded crime",
    exclude_none=True,
)
def ward(request, code: WardCode):
    """A ward's recorded crime by financial year, from the released ward editions. A year
    is complete with all twelve months; previous_value, change and change_percent are
    given only where this year and the year before are both complete."""
    ward = ward_named(code)
    return ward_out(ward, *public.ward_years_of(ward))


@api.get(
    "/boroughs/{slug}/attitudes",
    response={200: list[AttitudeOut], 400: Message, 404: Message},
    url_name="borough-attitudes",
    summary="What people in a borough think of their police",
)
def borough_attitudes(request, slug: BoroughSlug):
    """MOPAC's Public Attitude Survey for the borough, every quarter released: oldest first,
    each quarter from the latest edition that gives it. Empty before any is released."""
    attitudes = public.attitudes_of(borough_named(slug))
    if attitudes is None:
        return []
    return [
        {"measure": m.slug, "quarter": q.code, "value": float(q.percent)}
        for m in attitudes.measures
        for q in m.quarters
    ]
