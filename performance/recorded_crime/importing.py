"""Importing an edition: stored as published, its figures written as drafts; whole or nothing."""

from __future__ import annotations

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from boroughs.models import Area

from ..figures.files import COLUMNS, FigureRows
from ..figures.loading import import_figures_rows
from ..models import (
    CrimeEdition,
    Measure,
    MonthlyCount,
    MonthlyMeasureCount,
)
from ..rules import (
    complete_years,
    partial_year,
)
from .deriving import category_map, figure_rows, measure_series, unseen_categories
from .reading import (
    MAX_LISTED_CATEGORIES,
    SAVE_BATCH,
    CrimeFileError,
    CrimeImportReport,
    edition_date_problem,
    read_crime_file,
)


def revision_reason(edition_of: datetime.date) -> str:
    return f"revised in the source's edition of {edition_of:%-d %B %Y}"


def import_recorded_crime(
    data: bytes,
    *,
    edition_of: datetime.date,
    file_name: str = "recorded crime",
    dry_run: bool = False,
    user=None,
    progress=None,
) -> CrimeImportReport:
    """Check a recorded crime file and, unless ``dry_run``, store it as an edition and
    write the figures it gives as drafts; whole or nothing. Problems come back in the
    report, none raised. ``progress(report)`` is called as the work goes on; whatever it
    raises stops the import, and nothing is written."""
    progress = progress or (lambda report: None)
    report = CrimeImportReport(edition_of=edition_of, dry_run=dry_run)
    if problem := edition_date_problem(edition_of, timezone.localdate()):
        report.refuse(1, "", problem)
        return report
    try:
        crime_file = read_crime_file(data, report)
    except CrimeFileError as error:
        report.refuse(1, "", str(error))
        return report
    if crime_file is None:
        return report
    known = category_map()
    unseen = unseen_categories(crime_file, known)
    if unseen:
        listed = "; ".join(f"{major} › {minor}" for major, minor in unseen[:MAX_LISTED_CATEGORIES])
        if len(unseen) > MAX_LISTED_CATEGORIES:
            listed += f"; … and {len(unseen) - MAX_LISTED_CATEGORIES:,} more"
        report.refuse(
            1,
            "",
            f"{len(unseen):,} categor{'y is' if len(unseen) == 1 else 'ies are'} not in the "
            f"category map: {listed}. Add each to the map (Recorded crime category map in "
            "the admin), with the measure it counts towards or none, then import again.",
        )
        return report
    existing = CrimeEdition.objects.filter(published_on=edition_of).first()
    if existing is not None and existing.release_id:
        report.refuse(
            1,
            "",
            f"The edition of {edition_of:%-d %B %Y} is already imported and published, and a "
            "published edition never changes. Import the police's later edition with its own "
            "date.",
        )
        return report
    latest = CrimeEdition.objects.exclude(release=None).order_by("-published_on").first()
    if latest is not None and latest.published_on > edition_of:
        report.refuse(
            1,
            "",
            f"The edition of {latest.published_on:%-d %B %Y} is already published: an older "
            "edition cannot be imported after it.",
        )
        return report
    report.rows = len(crime_file.rows)
    report.months = crime_file.months
    report.other_units = crime_file.other_units
    report.complete_years = complete_years(crime_file.months)
    report.partial_year = partial_year(crime_file.months)
    london = Area.objects.london()
    series = measure_series(crime_file, known, london)
    report.monthly_counts = len(crime_file.rows) * len(crime_file.months)
    rows = figure_rows(series, report.complete_years)
    with transaction.atomic():
        figures = import_figures_rows(
            FigureRows(list(COLUMNS), iter(enumerate(rows, start=2))),
            dry_run=dry_run,
            user=user,
            correction_reason=revision_reason(edition_of),
            file_name=f"recorded crime, edition of {edition_of:%-d %B %Y} ({file_name})",
            progress=progress,
        )
        report.figures = figures
        if not figures.ok:
            for problem in figures.problems:
                report.refuse(problem.line, problem.column, f"Deriving figures: {problem.message}")
            transaction.set_rollback(True)
            return report
        if dry_run:
            return report
        if existing is not None:
            existing.delete()  # not yet published: this import replaces it
        report.edition = _store(
            crime_file, edition_of, file_name, user, known, series, lambda: progress(report)
        )
    return report


def _first_of(month: tuple[int, int]) -> datetime.date:
    return datetime.date(month[0], month[1], 1)


def _store(crime_file, edition_of, file_name, user, known, series, after_batch) -> CrimeEdition:
    dates = [_first_of(m) for m in crime_file.months]
    edition = CrimeEdition.objects.create(
        published_on=edition_of,
        file_name=file_name[:255],
        first_month=dates[0],
        last_month=dates[-1],
        rows=len(crime_file.rows),
        other_units=crime_file.other_units,
        imported_by=user,
    )
    counts = (
        MonthlyCount(
            edition=edition,
            unit_name=row.unit_name,
            area=row.area,
            category=known[(row.major.lower(), row.minor.lower())],
            month=month,
            count=count,
        )
        for row in crime_file.rows
        for month, count in zip(dates, row.counts, strict=True)
    )
    _save_in_batches(MonthlyCount, counts, after_batch)
    measures = dict(Measure.objects.values_list("slug", "pk"))
    _save_in_batches(
        MonthlyMeasureCount,
        (
            MonthlyMeasureCount(
                edition=edition,
                area=area,
                measure_id=measures[slug],
                month=_first_of(month),
                count=count,
            )
            for (area, slug), monthly in series.items()
            for month, count in monthly.items()
        ),
        after_batch,
    )
    return edition


def _save_in_batches(model, rows, after_batch) -> None:
    """Insert rows a batch at a time, so a whole edition (some 100,000 counts) is never
    held in memory as model instances at once."""
    rows = iter(rows)
    while batch := list(itertools.islice(rows, SAVE_BATCH)):
        model.objects.bulk_create(batch)
        after_batch()
