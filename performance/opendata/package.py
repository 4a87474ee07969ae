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
from ..public import (
    LONDON_WIDE_RULE,
    released_editions,
    released_series_breaks,
    released_ward_editions,
)
from ..recorded_crime.downloads import MONTHLY_COLUMNS
from ..rules import Basis, FigureKind, Status
from .fields import measure_field
from .methods import methods_for_package
from .wards import ward_months_schema, ward_years_schema

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


def figures_schema(slugs: list[str]) -> dict:
    fields = [
        AREA_CODE,
        AREA_NAME,
        measure_field(slugs),
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
            "name": "value_basis",
            "type": "string",
            "description": "How the value is known: recorded (as its source published it), "
            "imputed (worked back from a published change, as the 2010 leaflet's levels "
            "are), assumed (a target nobody published) or illustrative (made up for a "
            "demonstration, not real).",
            "constraints": {"required": True, "enum": list(Basis.values)},
        },
        {
            "name": "target_basis",
            "type": "string",
            "description": "How the year's target is known, in the same words; empty where "
            "no target was set.",
            "constraints": {"enum": list(Basis.values)},
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
        {
            "name": "rate_per_1000",
            "type": "number",
            "description": "Crime results only: the value per 1,000 residents, to one decimal "
            "place, where a population is published.",
        },
        {
            "name": "population",
            "type": "integer",
            "description": "The residents the rate divides by: the published estimate nearest "
            "the year (London-wide, the sum of the 32 boroughs').",
        },
        {
            "name": "population_source",
            "type": "string",
            "description": "Where that population comes from, and its year.",
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
        measure_field(slugs),
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
            "name": "value_basis",
            "type": "string",
            "description": "How the count is known: recorded, the police's published "
            "recorded crime.",
            "constraints": {"enum": ["recorded"]},
        },
        {
            "name": "edition",
            "type": "date",
            "description": "The date of the police's edition the count comes from: of the "
            "editions released, the latest that gives the month. London-wide is the sum of "
            "the 32 boroughs; offences the police place in no borough (Unknown, the "
            "airports, Aviation Security) are in no borough and not in London-wide counts.",
        },
        {
            "name": "edition_day_approximate",
            "type": "boolean",
            "trueValues": ["yes"],
            "falseValues": ["no"],
            "description": "yes where the edition's own day is not recorded and the first "
            "day of the month after its last month stands for it.",
        },
        {
            "name": "revised_in_edition",
            "type": "date",
            "description": "Where a later edition revised the count an earlier one gave "
            "for the month: the date of the edition that last did.",
        },
        {
            "name": "revised_from",
            "type": "integer",
            "description": "The count before that revision.",
        },
    ]
    assert [f["name"] for f in fields] == MONTHLY_COLUMNS
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["area_code", "measure", "month"],
    }


CATEGORY_MAP_SCHEMA = {
    "fields": [
        _described("vocabulary", "string", "The family of the police's files the names are of."),
        _described("edition", "date", "The latest released edition that lists the category."),
        _described("major_category", "string", "The police's major category, as they name it."),
        _described("minor_category", "string", "The police's minor category, as they name it."),
        _described(
            "measure",
            "string",
            "The measure the category counts towards; empty for one counted only in total "
            "crime, which is every category.",
        ),
    ],
    "missingValues": [""],
}


def _resource(name: str, url: str, title: str, schema: str) -> dict:
    # Relative to /data/, where the package itself is; the schema too, one file shared by
    # every borough's download of the kind (inline, 130 copies made the package 600 KB).
    return {
        "name": name,
        "path": url.removeprefix(reverse("performance:data")),
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": f"{SCHEMAS_FOLDER}/{schema}.json",
    }


SCHEMAS_FOLDER = "schemas"


def package_schemas() -> dict[str, dict]:
    """Each Table Schema the package's resources name, by name (/data/schemas/<name>.json)."""
    slugs = list(Measure.objects.order_by("position", "name").values_list("slug", flat=True))
    schemas = {
        "figures": figures_schema(slugs),
        "monthly": monthly_schema(slugs),
        "category-map": CATEGORY_MAP_SCHEMA,
    }
    if released_ward_editions():
        schemas |= {
            "ward-years": ward_years_schema(slugs),
            "ward-months": ward_months_schema(slugs),
        }
    return schemas


def data_package(homepage: str) -> dict:
    """The package; ``homepage`` is the open data page's full address."""
    catalogue = list(Measure.objects.order_by("position", "name").values_list("slug", "name"))
    figures, monthly = "figures", "monthly"
    resources = [
        _resource(
            "figures",
            reverse("performance:data-figures"),
            "Every released figure, every borough and London-wide",
            figures,
        ),
        _resource("london", reverse("performance:data-london"), "London-wide figures", figures),
    ]
    # Ward files exist once a ward edition is released.
    wards = released_ward_editions() and ("ward-years", "ward-months")
    for borough in Area.objects.boroughs().only("name", "slug"):
        if wards:
            resources += [
                _resource(
                    f"{borough.slug}-wards",
                    reverse("performance:ward-csv", args=[borough.slug]),
                    f"{borough.name}: recorded crime in each ward by year",
                    wards[0],
                ),
                _resource(
                    f"{borough.slug}-wards-monthly",
                    reverse("performance:ward-monthly-csv", args=[borough.slug]),
                    f"{borough.name}: recorded crime in each ward by month",
                    wards[1],
                ),
            ]
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
    resources.append(
        _resource(
            "category-map",
            reverse("performance:data-category-map"),
            "Which of the police's categories make each measure, in each of their vocabularies",
            "category-map",
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
        "targets: results and targets by borough, measure and financial year, "
        "recorded crime month by month, and each ward's recorded crime. Only released "
        f"figures. {LONDON_WIDE_RULE}",
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
        # How the figures are made, their quality, and when and why they change.
        "methods": methods_for_package(),
        # Every edition of a source released so far, and the breaks in its series.
        "editions": [
            {
                "source": e.source,
                "published_on": e.published_on.isoformat(),
                "published_on_approximate": e.approximate,
                "first_period": e.first,
                "last_period": e.last,
                "released_at": e.released_at.isoformat(timespec="seconds"),
                "file_name": e.file_name,
                "incomplete_months": list(e.incomplete_months),
            }
            for e in released_editions()
        ],
        "series_breaks": [
            {
                "measures": sorted(b.measures),
                "from_month": f"{b.month[0]}-{b.month[1]:02d}",
                "note": b.note,
            }
            for b in released_series_breaks()
        ],
    }
    if last:
        package["created"] = last[0].isoformat(timespec="seconds")
    return package
