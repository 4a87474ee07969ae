"""Released figures as the API answers them."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from ninja.errors import HttpError

from boroughs.models import Area

from .. import public
from ..models import FinancialYear
from ..rules import Status, year_label, year_slug
from .schemas import Number


def _number(value: Decimal | None) -> Number | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def borough_out(area: Area) -> dict:
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


def year_out(year: FinancialYear) -> dict:
    return _year_of(year.start_year)


def _year_of(start_year: int) -> dict:
    return {
        "label": year_label(start_year),
        "slug": year_slug(start_year),
        "start_year": start_year,
    }


def _about(area: Area, start_year: int) -> dict:
    """What every performance answer opens with: the area, the year, and for London-wide
    how its counts are made."""
    return {
        "area": {"code": area.code, "name": area.name, "slug": area.slug},
        "year": _year_of(start_year),
        "counting_rule": public.LONDON_WIDE_RULE if area.is_london else None,
    }


def _revision(outcome) -> dict | None:
    if not outcome.revised:
        return None
    first = outcome.first_published_on
    return {
        "first_published": outcome.first_published_text,
        "first_published_on": first.isoformat() if first else None,
        "reason": outcome.revision,
    }


def performance_in(area: Area, start_year: int) -> dict:
    """A year of released results, or the year so far (``complete`` false) when the
    released record gives only some of its months."""
    year = public.public_year(year_slug(start_year))
    if year is not None and public.has_results(area, year):
        return performance_of(area, year)
    crime = public.year_to_date_of(area, start_year)
    if crime is None or not crime.years_to_date:
        if year is not None:
            return performance_of(area, year)
        raise HttpError(404, f"There are no figures for {year_slug(start_year)}.")
    months = crime.years_to_date[0].year_to_date.months
    answer = (
        performance_of(area, year)
        if year is not None
        else {**_about(area, start_year), "measures": [], "priorities_next_year": []}
    )
    return {
        **answer,
        "complete": False,
        "months": months,
        "year_to_date": _years_to_date(crime),
    }


def _rate(summary, outcome) -> dict:
    """A crime measure's result per 1,000 residents, and the population it divides by."""
    rate = summary.rate_for(outcome)
    if rate is None:
        return {"rate_per_1000": None, "population": None, "population_source": None}
    return {
        "rate_per_1000": _number(rate.per_1000),
        "population": rate.population.residents,
        "population_source": f"{rate.population.source}, {rate.population.year}",
    }


def performance_of(area: Area, year: FinancialYear) -> dict:
    summary = public.area_year(area, year)
    return {
        **_about(area, year.start_year),
        "complete": True,
        "months": 12,
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
                "value_basis": o.value_basis,
                "target_basis": o.target_basis or None,
                "released_on": o.released_on.isoformat() if o.released_on else "",
                **_rate(summary, o),
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


# Said with every ward's figures, as on its page.
WARD_NOTES = [
    "Ward figures leave out offences the police could not place in a ward, about 5% of a "
    "borough's: a borough's wards add up to a little less than its own figures.",
    "Small counts go up and down by chance from one year to the next.",
]


def ward_out(ward, edition, years) -> dict:
    """A ward's years (public.ward_years_of) as the API gives them."""
    area = ward.borough
    return {
        "code": ward.code,
        "name": ward.name,
        "borough": area.slug,
        "borough_name": area.name,
        "edition": edition.published_on.isoformat() if edition else None,
        "notes": WARD_NOTES,
        "years": [
            {
                "year": year.slug,
                "months": year.months,
                "complete": year.complete,
                "measures": [
                    {
                        "measure": m.slug,
                        "value": m.value,
                        "previous_value": m.previous_value,
                        "change": m.change,
                        "change_percent": _number(m.change_percent),
                    }
                    for m in year.measures
                ],
            }
            for year in years
        ],
        "links": {
            "self": reverse("api:ward", args=[ward.code]),
            "page": reverse("performance:ward", args=[area.slug, ward.code]),
            "borough": reverse("api:borough", args=[area.slug]),
            "figures_csv": reverse("performance:ward-csv", args=[area.slug]),
        },
    }
