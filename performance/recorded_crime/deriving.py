"""What an edition gives: each measure's monthly counts, and a result for each complete year."""

from __future__ import annotations

from collections import defaultdict

from boroughs.models import Area

from ..models import (
    Figure,
    Measure,
    SourceCategory,
)
from ..models.recorded_crime import TOTAL_CRIME
from ..rules import (
    FigureKind,
    year_label,
    year_total,
)
from .reading import CrimeFile


def category_map() -> dict[tuple[str, str], SourceCategory]:
    return {
        (c.major.lower(), c.minor.lower()): c
        for c in SourceCategory.objects.select_related("measure")
    }


def measures_given() -> frozenset[str]:
    """The measures recorded crime gives results for: total crime by rule, each measure
    the category map feeds, and each total all of whose parts it feeds."""
    fed = {
        TOTAL_CRIME,
        *SourceCategory.objects.exclude(measure=None).values_list("measure__slug", flat=True),
    }
    for total in Measure.objects.filter(parts__isnull=False).distinct().prefetch_related("parts"):
        if all(part.slug in fed for part in total.parts.all()):
            fed.add(total.slug)
    return frozenset(fed)


def unseen_categories(crime_file: CrimeFile, known) -> list[tuple[str, str]]:
    return [
        (major, minor)
        for major, minor in crime_file.categories
        if (major.lower(), minor.lower()) not in known
    ]


def measure_series(crime_file: CrimeFile, known, london: Area):
    """{(area, measure slug): {(year, month): count}} for every borough and London-wide."""
    series: dict[tuple[Area, str], dict[tuple[int, int], int]] = defaultdict(dict)

    def add(area, slug, counts):
        monthly = series[(area, slug)]
        for month, count in zip(crime_file.months, counts, strict=True):
            monthly[month] = monthly.get(month, 0) + count

    for row in crime_file.rows:
        if row.area is None:
            continue
        mapped = known[(row.major.lower(), row.minor.lower())].measure
        for area in (row.area, london):
            add(area, TOTAL_CRIME, row.counts)
            if mapped is not None:
                add(area, mapped.slug, row.counts)
    return series


def figure_rows(series, years: list[int]) -> list[list[str]]:
    """The yearly results, in the figures format, for the figures import.

    A total (serious acquisitive crime) is the sum of its parts by rule; where a result for
    it was already entered, for a year given here, that entry is revised to the sum so it
    cannot disagree with its parts.
    """
    rows = []
    results = defaultdict(dict)
    for (area, slug), monthly in series.items():
        for start in years:
            total = year_total(monthly, start)
            if total is not None:
                results[(area, start)][slug] = total
                rows.append([area.code, area.name, slug, year_label(start), "result", str(total)])
    totals = Measure.objects.filter(parts__isnull=False).distinct().prefetch_related("parts")
    for measure in totals:
        parts = [p.slug for p in measure.parts.all()]
        entered = set(
            Figure.objects.filter(
                measure=measure, kind=FigureKind.RESULT, year__start_year__in=years
            ).values_list("area__code", "year__start_year")
        )
        for (area, start), values in results.items():
            if (area.code, start) in entered and all(p in values for p in parts):
                total = sum(values[p] for p in parts)
                rows.append(
                    [area.code, area.name, measure.slug, year_label(start), "result", str(total)]
                )
    return rows
