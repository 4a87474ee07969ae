"""The monthly counts as CSV, for the open data."""

from __future__ import annotations

import csv
import io

MONTHLY_COLUMNS = ["area_code", "area_name", "measure", "month", "count", "edition"]


def monthly_figures_csv(rows) -> str:
    """public.monthly_figures as CSV: months written YYYY-MM, the edition as its date."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MONTHLY_COLUMNS)
    for area, measure, month, count, edition in rows:
        writer.writerow(
            [
                area.code,
                area.name,
                measure.slug,
                f"{month:%Y-%m}",
                count,
                edition.published_on.isoformat(),
            ]
        )
    return out.getvalue()
