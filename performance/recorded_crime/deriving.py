"""What an edition gives: each measure's monthly counts; and, combined month by month
with the editions before it, a result for every complete year."""

from __future__ import annotations

import datetime
from collections import defaultdict

from boroughs.models import Area

from ..models import (
    CrimeEdition,
    Layout,
    Measure,
    MonthlyMeasureCount,
    SourceCategory,
)
from ..models.recorded_crime import TOTAL_CRIME
from ..rules import (
    CombinedMonth,
    combine_editions,
    counts_of,
    year_label,
    year_total,
)
from .reading import CrimeFile

# {(area id, measure slug): {(year, month): count}}
Series = dict[tuple[int, str], dict[tuple[int, int], int]]


def category_map(vocabulary: str) -> dict[tuple[str, str], SourceCategory]:
    return {
        (c.major.lower(), c.minor.lower()): c
        for c in SourceCategory.objects.filter(vocabulary=vocabulary).select_related("measure")
    }


def measures_given(vocabulary: str) -> frozenset[str]:
    """The measures an edition in a vocabulary gives: total crime by rule, each measure the
    vocabulary's category map feeds, and each total all of whose parts it feeds."""
    mapped = SourceCategory.objects.exclude(measure=None).filter(vocabulary=vocabulary)
    fed = {TOTAL_CRIME, *mapped.values_list("measure__slug", flat=True)}
    for total in _totals():
        if all(part.slug in fed for part in total.parts.all()):
            fed.add(total.slug)
    return frozenset(fed)


def _totals():
    return Measure.objects.filter(parts__isnull=False).distinct().prefetch_related("parts")


def feeding_majors(known) -> set[str]:
    """The major categories (lower case) any of whose minor categories feeds a measure: a
    new minor category under one of them may be a renamed part of a measure."""
    return {major for (major, _), category in known.items() if category.measure_id is not None}


def vanished_measures(series: Series, earlier: Series, london: Area) -> list[tuple[str, int]]:
    """(measure slug, earlier count) for each measure an edition gives none of, London-wide,
    in months where earlier editions gave some: its categories were likely renamed."""
    vanished = []
    for (area_id, slug), months in series.items():
        if area_id != london.pk or any(months.values()):
            continue
        before = sum(earlier.get((area_id, slug), {}).get(m, 0) for m in months)
        if before:
            vanished.append((slug, before))
    return vanished


def unseen_categories(crime_file: CrimeFile, known) -> list[tuple[str, str]]:
    return [
        (major, minor)
        for major, minor in crime_file.categories
        if (major.lower(), minor.lower()) not in known
    ]


def edition_series(crime_file: CrimeFile, known, london: Area) -> Series:
    """What a borough edition gives, for each borough it lists and London-wide (the sum of
    the 32 boroughs; units in no borough are in neither): every measure its vocabulary
    gives, in every complete month, 0 where it lists no offence of the measure's
    categories. A total (serious acquisitive crime) is the sum of its parts.

    A ward edition gives nothing here: ward sums fall short of the borough totals (offences
    not located to a ward), so they never stand for a borough's count."""
    if crime_file.layout == Layout.WARD:
        return {}
    given = measures_given(crime_file.layout.vocabulary)
    incomplete = set(crime_file.incomplete)
    months = [m for m in crime_file.months if m not in incomplete]
    positions = {m: i for i, m in enumerate(crime_file.months)}
    areas = {row.area.pk for row in crime_file.rows if row.area is not None}
    series: Series = {
        (area, slug): dict.fromkeys(months, 0) for area in (*areas, london.pk) for slug in given
    }
    for row in crime_file.rows:
        if row.area is None:
            continue
        mapped = known[(row.major.lower(), row.minor.lower())].measure
        slugs = (TOTAL_CRIME, mapped.slug) if mapped is not None else (TOTAL_CRIME,)
        for area in (row.area.pk, london.pk):
            for slug in slugs:
                monthly = series[(area, slug)]
                for month in months:
                    monthly[month] += row.counts[positions[month]]
    for total in _totals():
        parts = [p.slug for p in total.parts.all()]
        if total.slug not in given:
            continue
        for area in (*areas, london.pk):
            series[(area, total.slug)] = {
                m: sum(series[(area, p)][m] for p in parts) for m in months
            }
    return series


def earlier_editions(layout: Layout, before: datetime.date) -> list[tuple[CrimeEdition, Series]]:
    """Every edition of the same level (borough or ward) published before ``before``, oldest
    first, with the monthly counts it gives."""
    editions = list(
        CrimeEdition.objects.filter(layout__in=layout.same_level, published_on__lt=before).order_by(
            "published_on"
        )
    )
    slugs = dict(Measure.objects.values_list("pk", "slug"))
    series: dict[int, Series] = {edition.pk: defaultdict(dict) for edition in editions}
    rows = MonthlyMeasureCount.objects.filter(edition__in=editions).values_list(
        "edition_id", "area_id", "measure_id", "month", "count"
    )
    for edition_id, area_id, measure_id, month, count in rows.iterator(chunk_size=20_000):
        series[edition_id][(area_id, slugs[measure_id])][(month.year, month.month)] = count
    return [(edition, series[edition.pk]) for edition in editions]


Combined = dict[tuple[int, str], dict[tuple[int, int], CombinedMonth]]


def combined_series(
    editions: list[tuple[object, Series]], onto: Combined | None = None
) -> Combined:
    """Each area's and measure's months that the editions (given oldest first) give,
    combined; ``onto``, earlier editions' months already combined, to add them to."""
    keys = {key for _, series in editions for key in series}
    onto = onto or {}
    return {
        key: combine_editions(
            ((edition, series[key]) for edition, series in editions if key in series),
            onto.get(key),
        )
        for key in keys
    }


def figure_rows(combined, areas: dict[int, Area], years: list[int]) -> list[list[str]]:
    """The yearly results, in the figures format, for every area, measure and year among
    ``years`` that the combined months give all twelve months of."""
    rows = []
    for (area_id, slug), months in sorted(combined.items()):
        counts = counts_of(months)
        area = areas[area_id]
        for start in years:
            total = year_total(counts, start)
            if total is not None:
                rows.append([area.code, area.name, slug, year_label(start), "result", str(total)])
    return rows
