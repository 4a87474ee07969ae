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
