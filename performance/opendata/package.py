"""The open data as a Frictionless data package (/data/datapackage.json).

It names every download, describes each with a Table Schema (types, patterns, the
measures and figure kinds allowed, the primary key), and says when the figures were last
released and under which licence. Paths are relative to the package's own address, so
the package also validates against a local copy of the files
(``frictionless validate datapackage.json``).
"""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.urls import reverse

from boroughs.models import Area
from sitewide.licence import OPEN_GOVERNMENT_LICENCE

from ..definitions import definition_of
from ..figures.files import COLUMNS
from ..models import Measure, Release
from ..recorded_crime.downloads import MONTHLY_COLUMNS
from ..rules import FigureKind, Status

AREA_CODE = {
    "name": "area_code",
    "type": "string",
    "description": "The borough's ONS code (E09…), or E23000001 for London-wide.",
    "constraints": {"required": True, "pattern": "E(09|23)[0-9]{6}"},
}
AREA_NAME = {
    "name": "area_name",
    "type": "string",
    "description": "The area's name, for reading.",
    "constraints": {"required": True},
}
YES_NO = {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}


def _described(name: str, field_type: str, description: str) -> dict:
    return {"name": name, "type": field_type, "description": description}


def _measure_field(slugs: list[str]) -> dict:
    return {
        "name": "measure",
        "type": "string",
        "description": "The measure's identifier (see the measures on /data/).",
        "constraints": {"required": True, "enum": slugs},
    }


def figures_schema(slugs: list[str]) -> dict:
    fields = [
        AREA_CODE,
        AREA_NAME,
        _measure_field(slugs),
        {
            "name": "year",
            "type": "string",
            "description": "The financial year, 1 April to 31 March, written 2009/10.",
            "constraints": {"required": True, "pattern": "[0-9]{4}/[0-9]{2}"},
        },
        {
            "name": "figure",
            "type": "string",
            "description": "A result (what happened), a target (what was aimed for), or the "
            "sample size of a survey-based result (the number of people it is based on).",
            "constraints": {"required": True, "enum": list(FigureKind.values)},
        },
        {
            "name": "value",
            "type": "number",
            "description": "Offences, a percentage or percentage points; a crime target is "
            "the % change aimed for (-2.5 is a 2.5% reduction).",
            "constraints": {"required": True},
        },
        {
            "name": "illustrative",
            **YES_NO,
            "description": "yes: demo data, not a real figure.",
        },
        _described("released_on", "date", "When it was released."),
        {"name": "revised", **YES_NO, "description": "yes: changed since first published."},
        {"name": "first_published", "type": "number", "description": "The value first published."},
        {
            "name": "first_published_on",
            "type": "date",
            "description": "When it was first published.",
        },
        {"name": "revision", "type": "string", "description": "Why it was revised."},
        {"name": "notes", "type": "string", "description": "What a reader should know beside it."},
        {
            "name": "status",
            "type": "string",
            "description": "Results only: the outcome's status as released. not-significant: "
            "a survey estimate whose 95% confidence interval has the target inside it.",
            "constraints": {"enum": list(Status.values)},
        },
        {
            "name": "confidence_low",
            "type": "number",
            "description": "Results only: the low end of a survey estimate's 95% confidence "
            "interval, when its sample size is published.",
        },
        {
            "name": "confidence_high",
            "type": "number",
            "description": "Results only: the high end of that interval.",
        },
    ]
    assert [f["name"] for f in fields[: len(COLUMNS)]] == COLUMNS
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["area_code", "measure", "year", "figure"],
    }


def monthly_schema(slugs: list[str]) -> dict:
    fields = [
        AREA_CODE,
        AREA_NAME,
        _measure_field(slugs),
        {
            "name": "month",
            "type": "yearmonth",
            "description": "The calendar month, written YYYY-MM.",
            "constraints": {"required": True},
        },
        {
            "name": "count",
            "type": "integer",
            "description": "Offences recorded by the police in the month.",
            "constraints": {"required": True, "minimum": 0},
        },
        {
            "name": "edition",
            "type": "date",
            "description": "The date of the police's edition the count comes from.",
        },
    ]
    assert [f["name"] for f in fields] == MONTHLY_COLUMNS
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["area_code", "measure", "month"],
    }


def _resource(name: str, url: str, title: str, schema: dict) -> dict:
    # Relative to /data/, where the package itself is.
    return {
        "name": name,
        "path": url.removeprefix(reverse("performance:data")),
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": schema,
    }


def data_package(homepage: str) -> dict:
    """The package; ``homepage`` is the open data page's full address."""
    catalogue = list(Measure.objects.order_by("position", "name").values_list("slug", "name"))
    slugs = [slug for slug, _ in catalogue]
    figures, monthly = figures_schema(slugs), monthly_schema(slugs)
    resources = [
        _resource(
            "figures",
            reverse("performance:data-figures"),
            "Every released figure, every borough and London-wide",
            figures,
        ),
        _resource("london", reverse("performance:data-london"), "London-wide figures", figures),
    ]
    for borough in Area.objects.boroughs().only("name", "slug"):
        resources.append(
            _resource(
                f"{borough.slug}-figures",
                reverse("performance:data-borough", args=[borough.slug]),
                f"{borough.name}: released figures",
                figures,
            )
        )
        resources.append(
            _resource(
                f"{borough.slug}-monthly",
                reverse("performance:monthly-csv", args=[borough.slug]),
                f"{borough.name}: recorded crime month by month",
                monthly,
            )
        )
    last = Release.objects.released().order_by("-release_at").values_list("release_at", flat=True)
    package = {
        # What each measure means, where it comes from, how it is counted, what to bear in mind.
        "measures": [
            {"slug": slug, "name": name, **asdict(definition_of(slug))} for slug, name in catalogue
        ],
        "profile": "tabular-data-package",
        "name": "local-policing-summaries",
        "title": f"{settings.SERVICE_NAME}: London's local policing figures",
        "description": "How local policing in each London borough performed against its "
        "targets: results and targets by borough, measure and financial year, and "
        "recorded crime month by month. Only released figures.",
        "homepage": homepage,
        "licenses": [
            {
                "name": OPEN_GOVERNMENT_LICENCE.name,
                "title": OPEN_GOVERNMENT_LICENCE.title,
                "path": OPEN_GOVERNMENT_LICENCE.url,
            }
        ],
        "contributors": [
            {
                "title": "Open data enquiries",
                "email": settings.OPEN_DATA_CONTACT_EMAIL,
                "role": "maintainer",
            }
        ],
        "resources": resources,
    }
    if last:
        package["created"] = last[0].isoformat(timespec="seconds")
    return package
