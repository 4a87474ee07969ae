"""The read-only JSON API under /api/v1/, built with django-ninja.

django-ninja types every response with pydantic and generates the OpenAPI
schema served at /api/v1/openapi.json; the human-readable page at /api/v1/
is rendered from that same schema. Figures come through the same read layer
as the public pages (performance.public): what the latest releases froze, so
the API and the pages always agree.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Literal

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from ninja import Field, NinjaAPI, Path, Schema
from ninja.errors import HttpError, ValidationError

from boroughs.models import Area
from sitewide.licence import OPEN_GOVERNMENT_LICENCE

from . import public
from .definitions import definition_of
from .models import FinancialYear, Measure
from .rules import Status, parse_financial_year, year_label

api = NinjaAPI(
    title="Local Policing Summaries API",
    version="1",
    description=(
        "Read-only figures for London's local policing: boroughs, the measure catalogue, "
        "financial years, and how each area performed against its targets. Years are "
        "written 2009-10 in paths. Errors are JSON objects with a message. Every operation "
        "also answers HEAD, and any site may call it (CORS). The figures may be reused "
        f"under the {OPEN_GOVERNMENT_LICENCE.title}."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_extra={
        "info": {
            "license": {
                "name": OPEN_GOVERNMENT_LICENCE.title,
                "identifier": OPEN_GOVERNMENT_LICENCE.name,
            },
            "contact": {
                "name": "Open data enquiries",
                "email": settings.OPEN_DATA_CONTACT_EMAIL,
            },
        }
    },
)

# The path parameters as the schema declares them, so a value the schema allows is one
# the API could answer (an unknown borough or year is then a 404, not a refusal).
BoroughSlug = Annotated[
    str,
    Path(
        description="The borough's slug, as in its page's address.",
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        examples=["havering"],
    ),
]
YearSlug = Annotated[
    str,
    Path(
        description="A financial year, written as in page addresses: 2009-10 is 2009/10.",
        pattern=r"^[0-9]{4}-[0-9]{2}$",
        examples=["2009-10"],
    ),
]


# ---------------------------------------------------------------- schemas

Number = int | float


class Message(Schema):
    message: str


class BoroughLinks(Schema):
    self: str
    page: str
    figures_csv: str


class BoroughSummary(Schema):
    code: str
    name: str
    slug: str
    links: BoroughLinks


class EngagementGroupOut(Schema):
    name: str
    description: str
    how_to_join: str
    email: str
    telephone: str
    website: str


class ContactOut(Schema):
    name: str
    description: str
    telephone: str
    minicom: str
    website: str
    pan_london: bool


class BoroughDetail(BoroughSummary):
    engagement_groups: list[EngagementGroupOut]
    contacts: list[ContactOut]


class MeasureOut(Schema):
    slug: str
    name: str
    unit: Literal["offences", "percent", "points"]
    better: Literal["lower", "higher"]
    target_kind: Literal["change", "level", "ceiling"]
    part_of: str | None
    definition: str = Field(description="What the measure is.")
    source: str = Field(description="Where its figures come from: recorded crime, or a survey.")
    counting: str = Field(description="How it is counted.")
    caveats: str = Field(description="What to bear in mind when reading it.")


class YearOut(Schema):
    label: str
    slug: str
    start_year: int


class AreaOut(Schema):
    code: str
    name: str
    slug: str


class Revision(Schema):
    first_published: str = Field(description="How the outcome read when first published.")
    first_published_on: str | None = Field(description="The day it was first published.")
    reason: str = Field(description="Why it changed, and what caused it.")


class ConfidenceInterval(Schema):
    level: float = Field(description="Always 0.95.")
    low: Number
    high: Number


class MeasureOutcome(Schema):
    measure: str
    name: str
    unit: Literal["offences", "percent", "points"]
    value: Number | None = Field(description="The exact result.")
    value_shown: Number | None = Field(
        description="The result as shown and as its status was judged: one decimal place "
        "for a percentage or points."
    )
    previous_value: Number | None
    change: Number | None
    change_percent: float | None
    target: Number | None
    status: Literal["achieved", "missed", "no-target", "not-assessed", "not-significant"] = Field(
        description='"not-significant": a survey estimate whose 95% confidence interval has '
        "the target inside it, so it cannot be said to have met or missed it."
    )
    statement: str
    sample_size: list[int] | None = Field(
        description="For a survey-based measure: the number of people the estimate is based "
        "on (for a gap worked out from two groups, one number each); null when not published "
        "or for a count of offences."
    )
    confidence_interval: ConfidenceInterval | None = Field(
        description="For a survey-based measure with a sample size: its 95% confidence "
        "interval (Wilson score; for a gap, Newcombe's hybrid score), in the measure's unit."
    )
    derived_from: str | None = Field(
        description='Where a result is not entered but summed: "its parts", "the 32 boroughs".'
    )
    coverage: str | None = Field(
        description='For a London-wide sum of the boroughs: "32 of 32 boroughs", or which are '
        "missing."
    )
    notes: list[str] = Field(description="What to know beside the figures.")
    revised: Revision | None = Field(description="Set when the outcome changed after release.")
    illustrative: bool = Field(description="Made-up demo figures, not real crime figures.")
    released_on: str = Field(description="The day this version was released.")


class YearToDateOut(Schema):
    measure: str
    name: str
    year: str = Field(description="The financial year it is part of, e.g. 2016/17.")
    complete: bool = Field(description="Always false: a year to date is never a year's result.")
    months: int = Field(description="How many months, from April, the source gives.")
    period: str = Field(description='e.g. "April to December 2016".')
    count: int
    previous_count: int | None = Field(description="The same months a year earlier.")
    change_percent: float | None
    target: Number | None = Field(description="The year's % change target, if one is set.")
    on_track: bool | None = Field(description="Against the target so far; null without one.")
    statement: str
    edition: str = Field(description="The day the police published the edition it is from.")
    notes: list[str] = Field(
        description="Series breaks between the months compared: they may not be comparable."
    )


class Performance(Schema):
    area: AreaOut
    year: YearOut
    measures: list[MeasureOutcome]
    priorities_next_year: list[str]
    year_to_date: list[YearToDateOut] = Field(
        description="The next year so far, from the latest released edition of the police's "
        "recorded crime, given with the last year it completes."
    )


# ---------------------------------------------------------------- errors


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


# What to write instead, for a path value the schema refuses.
PATH_HINTS = {
    "year": "Write years like 2009-10.",
    "slug": "A borough is written as in its page's address, like havering.",
}


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    """A path value the schema refuses: a 400 with a message, as every other error."""
    fields = [str(error.get("loc", ("", ""))[-1]) for error in exc.errors]
    hints = " ".join(dict.fromkeys(PATH_HINTS.get(name, "") for name in fields)).strip()
    message = f"Not a valid {' or '.join(dict.fromkeys(fields)) or 'request'}. {hints}".strip()
    return api.create_response(request, {"message": message}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": str(exc) or "Not found."}, status=404)


SLUG = re.compile(r"[-a-z0-9]{1,100}")


def _borough(slug: str) -> Area:
    # A slug is checked before the database sees it: PostgreSQL refuses some characters.
    if not SLUG.fullmatch(slug):
        raise HttpError(404, "There is no London borough with that name.")
    try:
        return Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise HttpError(404, f"There is no London borough '{slug}'.") from None


def _year(text: str) -> FinancialYear:
    try:
        start = parse_financial_year(text)
    except ValueError as error:
        # Written as the schema allows (2009-99, say) but no year: there is nothing there.
        raise HttpError(404, f"{error} Write years like 2009-10.") from None
    year = public.public_year(f"{start}-{(start + 1) % 100:02d}")
    if year is None:
        raise HttpError(404, f"There are no figures for {text}.")
    return year


# ---------------------------------------------------------------- out


def _number(value: Decimal | None) -> Number | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _borough_out(area: Area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "slug": area.slug,
        "links": {
            "self": reverse("api:borough", args=[area.slug]),
            "page": reverse("performance:borough", args=[area.slug]),
            "figures_csv": reverse("performance:data-borough", args=[area.slug]),
        },
    }


def _year_out(year: FinancialYear) -> dict:
    return {"label": year.label, "slug": year.slug, "start_year": year.start_year}


def _revision(outcome) -> dict | None:
    if not outcome.revised:
        return None
    first = outcome.first_published_on
    return {
        "first_published": outcome.first_published_text,
        "first_published_on": first.isoformat() if first else None,
        "reason": outcome.revision,
    }


def _performance(area: Area, year: FinancialYear) -> dict:
    summary = public.area_year(area, year)
    return {
        "area": {"code": area.code, "name": area.name, "slug": area.slug},
        "year": _year_out(year),
        "measures": [
            {
                "measure": o.measure.slug,
                "name": o.measure.name,
                "unit": o.measure.unit,
                "value": _number(o.result),
                "value_shown": _number(o.result_shown),
                "previous_value": _number(o.previous),
                "change": _number(o.change),
                "change_percent": _number(o.change_percent),
                "target": _number(o.target),
                "status": Status(o.status).value,
                "statement": o.statement,
                "sample_size": list(o.sample_sizes) or None,
                "confidence_interval": (
                    None
                    if o.interval is None
                    else {
                        "level": 0.95,
                        "low": _number(o.interval_low),
                        "high": _number(o.interval_high),
                    }
                ),
                "derived_from": o.derived_from or None,
                "coverage": o.coverage or None,
                "notes": list(o.notes),
                "revised": _revision(o),
                "illustrative": o.illustrative,
                "released_on": o.released_on.isoformat() if o.released_on else "",
            }
            for o in summary.outcomes
        ],
        "priorities_next_year": summary.priorities + summary.extra_priorities,
        "year_to_date": _years_to_date(summary.recorded_crime),
    }


def _years_to_date(crime) -> list[dict]:
    if crime is None:
        return []
    return [
        {
            "measure": ytd.measure.slug,
            "name": ytd.measure.name,
            "year": year_label(ytd.start_year),
            "complete": False,
            "months": ytd.months,
            "period": ytd.period,
            "count": ytd.count,
            "previous_count": ytd.previous,
            "change_percent": _number(ytd.percent),
            "target": _number(ytd.target),
            "on_track": ytd.on_track,
            "statement": ytd.statement,
            "edition": crime.edition.published_on.isoformat(),
            "notes": list(row.notes),
        }
        for row in crime.years_to_date
        for ytd in [row.year_to_date]
    ]


# ---------------------------------------------------------------- endpoints


@api.get("/boroughs", response=list[BoroughSummary], url_name="boroughs", summary="Boroughs")
def boroughs(request):
    """The 32 London boroughs policed by the Met, with links to their pages and figures."""
    return [_borough_out(area) for area in Area.objects.boroughs()]


@api.get(
    "/boroughs/{slug}",
    response={200: BoroughDetail, 400: Message, 404: Message},
    url_name="borough",
    summary="One borough",
)
def borough(request, slug: BoroughSlug):
    """A borough with its community police engagement groups and useful contacts."""
    area = _borough(slug)
    own = public.contacts_of(area, "contacts")
    pan_london = public.contacts_of(None, "contacts")
    return {
        **_borough_out(area),
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
    return [_year_out(y) for y in public.public_years()]


@api.get(
    "/boroughs/{slug}/performance/{year}",
    response={200: Performance, 400: Message, 404: Message},
    url_name="borough-performance",
    summary="A borough's performance in a year",
)
def borough_performance(request, slug: BoroughSlug, year: YearSlug):
    """One entry per measure with figures, as the borough's page shows them."""
    return _performance(_borough(slug), _year(year))


@api.get(
    "/london/performance/{year}",
    response={200: Performance, 400: Message, 404: Message},
    url_name="london-performance",
    summary="London-wide performance in a year",
)
def london_performance(request, year: YearSlug):
    """One entry per measure with London-wide figures, entered or summed from the boroughs."""
    return _performance(Area.objects.london(), _year(year))
