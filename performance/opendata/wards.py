"""The ward downloads' Table Schemas, for the data package."""

from __future__ import annotations

from ..recorded_crime.downloads import WARD_MONTH_COLUMNS, WARD_YEAR_COLUMNS
from .fields import measure_field

WARD_FIELDS = [
    {
        "name": "ward_code",
        "type": "string",
        "description": "The ward's ONS code (E05…, 2022 wards).",
        "constraints": {"required": True, "pattern": "E05[0-9]{6}"},
    },
    {
        "name": "ward_name",
        "type": "string",
        "description": "The ward's name, as the police give it.",
    },
    {
        "name": "borough_code",
        "type": "string",
        "description": "The borough's ONS code (E09…).",
        "constraints": {"required": True, "pattern": "E09[0-9]{6}"},
    },
    {"name": "borough_name", "type": "string", "description": "The borough's name."},
]
SOURCE_FIELDS = [
    {
        "name": "value_basis",
        "type": "string",
        "description": "Always recorded: as the police published it.",
        "constraints": {"enum": ["recorded"]},
    },
    {
        "name": "edition",
        "type": "date",
        "description": "The day of the latest released ward edition of the police's "
        "recorded crime.",
    },
]


def ward_years_schema(slugs: list[str]) -> dict:
    fields = [
        *WARD_FIELDS,
        measure_field(slugs),
        {
            "name": "year",
            "type": "string",
            "description": "The financial year, April to March, as in addresses: 2025-26.",
            "constraints": {"required": True, "pattern": "[0-9]{4}-[0-9]{2}"},
        },
        {"name": "months", "type": "integer", "description": "How many of its months are given."},
        {
            "name": "complete",
            "type": "boolean",
            "trueValues": ["yes"],
            "falseValues": ["no"],
            "description": "yes with all twelve months.",
        },
        {"name": "value", "type": "integer", "description": "Offences recorded in the ward."},
        {
            "name": "previous_value",
            "type": "integer",
            "description": "The year before's, where both years are complete.",
        },
        {"name": "change", "type": "integer", "description": "value − previous_value."},
        {
            "name": "change_percent",
            "type": "number",
            "description": "The change as a % of previous_value, to one decimal place.",
        },
        *SOURCE_FIELDS,
    ]
    assert [f["name"] for f in fields] == WARD_YEAR_COLUMNS
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["ward_code", "measure", "year"],
    }


def ward_months_schema(slugs: list[str]) -> dict:
    fields = [
        *WARD_FIELDS,
        measure_field(slugs),
        {
            "name": "month",
            "type": "yearmonth",
            "description": "The month, written 2025-04. A month the edition's check found "
            "incomplete is left out.",
        },
        {"name": "count", "type": "integer", "description": "Offences recorded that month."},
        *SOURCE_FIELDS,
    ]
    assert [f["name"] for f in fields] == WARD_MONTH_COLUMNS
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["ward_code", "measure", "month"],
    }
