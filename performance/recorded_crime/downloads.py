"""The monthly counts as CSV, for the open data."""

from __future__ import annotations

import csv
import io

MONTHLY_COLUMNS = [
    "area_code",
    "area_name",
    "measure",
    "month",
    "count",
    "value_basis",
    "edition",
    "edition_day_approximate",
    "revised_in_edition",
    "revised_from",
]


def monthly_figures_csv(rows) -> str:
    """public.monthly_figures as CSV: months written YYYY-MM, editions as their dates. Each
    month comes from the latest edition that gives it; where that or an earlier edition
    revised it, the edition that did and the count before."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MONTHLY_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.area.code,
                row.area.name,
                row.measure.slug,
                f"{row.month:%Y-%m}",
                row.count,
                "recorded",
                row.edition.published_on.isoformat(),
                "yes" if row.edition.published_on_is_approximate else "no",
                row.revised_in.published_on.isoformat() if row.revised_in else "",
                "" if row.revised_from is None else row.revised_from,
            ]
        )
    return out.getvalue()


CATEGORY_MAP_COLUMNS = ["vocabulary", "edition", "major_category", "minor_category", "measure"]


def category_map_csv(rows) -> str:
    """public.released_category_maps as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CATEGORY_MAP_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.vocabulary,
                row.edition.published_on.isoformat(),
                row.major,
                row.minor,
                row.measure,
            ]
        )
    return out.getvalue()


WARD_YEAR_COLUMNS = [
    "ward_code",
    "ward_name",
    "borough_code",
    "borough_name",
    "measure",
    "year",
    "months",
    "complete",
    "value",
    "previous_value",
    "change",
    "change_percent",
    "value_basis",
    "edition",
]
WARD_MONTH_COLUMNS = [
    "ward_code",
    "ward_name",
    "borough_code",
    "borough_name",
    "measure",
    "month",
    "count",
    "value_basis",
    "edition",
]


def ward_years_csv(edition, figures) -> str:
    """public.ward_figures by year: a year is complete with all twelve months; a change is
    given only between two complete years."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(WARD_YEAR_COLUMNS)
    for figure in figures:
        ward = figure.ward
        for year in figure.years:
            for measure in year.measures:
                writer.writerow(
                    [
                        ward.code,
                        ward.name,
                        ward.borough.code,
                        ward.borough.name,
                        measure.slug,
                        year.slug,
                        year.months,
                        "yes" if year.complete else "no",
                        measure.value,
                        _blank(measure.previous_value),
                        _blank(measure.change),
                        _blank(measure.change_percent),
                        "recorded",
                        edition.published_on.isoformat(),
                    ]
                )
    return out.getvalue()


def ward_months_csv(edition, figures) -> str:
    """public.ward_figures by month, written YYYY-MM; months the edition found incomplete
    are left out."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(WARD_MONTH_COLUMNS)
    for figure in figures:
        ward = figure.ward
        for slug, monthly in figure.series.items():
            for (year, month), count in sorted(monthly.items()):
                writer.writerow(
                    [
                        ward.code,
                        ward.name,
                        ward.borough.code,
                        ward.borough.name,
                        slug,
                        f"{year}-{month:02d}",
                        count,
                        "recorded",
                        edition.published_on.isoformat(),
                    ]
                )
    return out.getvalue()


def _blank(value) -> str:
    return "" if value is None else str(value)
