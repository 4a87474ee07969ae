"""Importing an edition: stored as published, its figures written as drafts; whole or nothing."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json

from django.db import connection, transaction
from django.utils import timezone

from boroughs.models import Area, Ward

from ..figures.files import COLUMNS, FigureRows
from ..figures.loading import import_figures_rows
from ..models import (
    CrimeEdition,
    EditionRow,
    Figure,
    Layout,
    Measure,
    MonthlyMeasureCount,
    SourceCategory,
    Vocabulary,
)
from ..models.recorded_crime import TOTAL_CRIME
from ..rules import (
    Basis,
    complete_years,
    counts_of,
    financial_year_of,
    partial_year,
)
from .deriving import (
    category_map,
    combined_series,
    earlier_editions,
    edition_series,
    feeding_majors,
    figure_rows,
    unseen_categories,
    vanished_measures,
)
from .reading import (
    MAX_LISTED_CATEGORIES,
    SAVE_BATCH,
    CrimeFileError,
    CrimeImportReport,
    edition_date_problem,
    read_crime_file,
)

# New minor categories under known major categories that feed no measure are taken in
# (counted in total crime only, and said); more than this at once and the file is refused.
MAX_NEW_CATEGORIES = 10


def revision_reason(edition_of: datetime.date, approximate: bool = False) -> str:
    day = f"{'about ' if approximate else ''}{edition_of:%-d %B %Y}"
    # Said once above the corrections it caused, in words a resident reads without help.
    return f"the police updated their figures in their edition of {day}"


def import_recorded_crime(
    data: bytes,
    *,
    edition_of: datetime.date,
    approximate: bool = False,
    file_name: str = "recorded crime",
    dry_run: bool = False,
    user=None,
    progress=None,
) -> CrimeImportReport:
    """Check a recorded crime file and, unless ``dry_run``, store it as an edition and
    write as drafts the results it changes, its months combined with the editions before
    it (each month from the latest edition that gives it); whole or nothing. Problems come
    back in the report, none raised. ``progress(report)`` is called as the work goes on;
    whatever it raises stops the import, and nothing is written. ``approximate``: the
    day stands for an edition whose own day is not recorded."""
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
    layout = crime_file.layout
    report.layout = layout
    known = category_map(layout.vocabulary)
    unseen = _take_in_categories(report, crime_file, known)
    if unseen is None:
        return report
    # Not yet published, it is replaced by this import.
    existing = CrimeEdition.objects.filter(published_on=edition_of, layout=layout).first()
    if (problem := _order_problem(layout, edition_of, existing)) is not None:
        report.refuse(1, "", problem)
        return report
    report.rows = len(crime_file.rows)
    report.months = crime_file.months
    report.other_units = crime_file.other_units
    report.incomplete_months = crime_file.incomplete
    london = Area.objects.london()
    series = edition_series(crime_file, known, london)
    # The edition's months, combined with every edition before it: the years it touches
    # are results wherever all twelve months are now present, whichever edition gave them.
    before = combined_series(earlier_editions(layout, edition_of))
    if _refuse_vanished(report, series, before, london):
        return report
    combined = combined_series([(None, series)], onto=before)
    touched = sorted({financial_year_of(*m) for m in crime_file.months})
    london_months = sorted(counts_of(combined.get((london.pk, TOTAL_CRIME), {})))
    report.complete_years = [y for y in complete_years(london_months) if y in touched]
    report.partial_year = partial_year(london_months) if london_months else None
    report.monthly_counts = len(crime_file.rows) * len(crime_file.months)
    areas = {area.pk: area for area in Area.objects.all()}
    rows = figure_rows(
        {key: months for key, months in combined.items() if key in series},
        areas,
        report.complete_years,
    )
    with transaction.atomic():
        # A ward edition gives no borough figure: nothing to write but the edition.
        if rows:
            figures = import_figures_rows(
                FigureRows(list(COLUMNS), iter(enumerate(rows, start=2))),
                dry_run=dry_run,
                user=user,
                correction_reason=revision_reason(edition_of, approximate),
                file_name=f"recorded crime, edition of {edition_of:%-d %B %Y} ({file_name})",
                progress=progress,
            )
            report.figures = figures
            if not figures.ok:
                for problem in figures.problems:
                    report.refuse(
                        problem.line, problem.column, f"Deriving figures: {problem.message}"
                    )
                transaction.set_rollback(True)
                return report
            if not dry_run:
                # The police's counts are recorded, whatever the figures they revise were.
                Figure.objects.filter(pk__in=figures.figure_ids).exclude(
                    basis=Basis.RECORDED
                ).update(basis=Basis.RECORDED)
        if dry_run:
            return report
        if existing is not None:
            existing.delete()
        for major, minor in unseen:
            known[(major.lower(), minor.lower())].save()
        report.edition = _store(
            crime_file,
            edition_of,
            approximate,
            file_name,
            user,
            known,
            series,
            lambda: progress(report),
        )
    return report


def _take_in_categories(report, crime_file, known) -> list | None:
    """The categories the map has not seen, added to ``known`` (unsaved) as counting in
    total crime only; or None, with the refusal in the report, if any could hide a
    measure: a new minor category under a known major category that feeds no measure
    counts in total crime only, as every category of its major does, and is said."""
    vocabulary = Vocabulary(crime_file.layout.vocabulary)
    unseen = unseen_categories(crime_file, known)
    feeding = feeding_majors(known)
    majors = {major for major, _ in known}
    doubtful = [c for c in unseen if c[0].lower() in feeding or c[0].lower() not in majors]
    if doubtful or len(unseen) > MAX_NEW_CATEGORIES:
        why = (
            "Each is in a new major category, or in one that feeds a measure, so it may be "
            "a renamed part of one."
            if doubtful
            else f"More than {MAX_NEW_CATEGORIES} new categories at once is not an edition "
            "of the police's files as this service knows them."
        )
        _refuse_unseen(report, doubtful or unseen, vocabulary, why)
        return None
    report.new_categories = unseen
    for major, minor in unseen:
        known[(major.lower(), minor.lower())] = SourceCategory(
            vocabulary=vocabulary, major=major[:100], minor=minor[:100]
        )
    return unseen


def _refuse_vanished(report, series, before, london) -> bool:
    """Refuse an edition that gives none of a measure London-wide where the editions
    before it (``before``, combined) gave some: its categories were likely renamed."""
    earlier = {key: counts_of(months) for key, months in before.items()}
    vanished = vanished_measures(series, earlier, london)
    names = dict(Measure.objects.values_list("slug", "name")) if vanished else {}
    for slug, count in vanished:
        report.refuse(
            1,
            "",
            f"The edition has no {names[slug].lower()} London-wide in any of its months, "
            f"where earlier editions had {count:,} in the same months: its categories may "
            "have been renamed. Check the category map, then import again.",
        )
    return bool(vanished)


def _refuse_unseen(report, unseen, vocabulary: Vocabulary, why: str) -> None:
    listed = "; ".join(f"{major} › {minor}" for major, minor in unseen[:MAX_LISTED_CATEGORIES])
    if len(unseen) > MAX_LISTED_CATEGORIES:
        listed += f"; … and {len(unseen) - MAX_LISTED_CATEGORIES:,} more"
    report.refuse(
        1,
        "",
        f"{len(unseen):,} categor{'y is' if len(unseen) == 1 else 'ies are'} not in the "
        f"category map for {vocabulary.label}: {listed}. {why} Add each to the map "
        "(Recorded crime category map in the admin), with the measure it counts towards or "
        "none, then import again.",
    )


def _order_problem(layout: Layout, edition_of: datetime.date, same_day) -> str | None:
    """Editions combine in the order the police published them, so a file that arrives
    late (older than one already imported) is refused rather than let overwrite newer
    months: it would change no public figure, and a draft one would mislead. ``same_day``:
    the edition of this layout and day already imported, if any."""
    if same_day is not None and same_day.release_id:
        return (
            f"The edition of {edition_of:%-d %B %Y} is already imported and published, and "
            "a published edition never changes. Import the police's later edition with its "
            "own date."
        )
    later = (
        CrimeEdition.objects.filter(layout__in=layout.same_level, published_on__gt=edition_of)
        .order_by("-published_on")
        .first()
    )
    if later is not None:
        state = "published" if later.release_id else "imported as drafts"
        return (
            f"The police's edition of {later.day_text} is already {state}: an older edition "
            f"(this one, of {edition_of:%-d %B %Y}) would overwrite newer months, so it is "
            "refused and no figure changes. Editions are imported in the order the police "
            "published them."
        )
    return None


def _first_of(month: tuple[int, int]) -> datetime.date:
    return datetime.date(month[0], month[1], 1)


def _store(
    crime_file, edition_of, approximate, file_name, user, known, series, after_batch
) -> CrimeEdition:
    dates = [_first_of(m) for m in crime_file.months]
    edition = CrimeEdition.objects.create(
        published_on=edition_of,
        published_on_is_approximate=approximate,
        layout=crime_file.layout,
        incomplete_months=[f"{y}-{m:02d}" for y, m in crime_file.incomplete],
        category_map=[
            [major, minor, getattr(known[(major.lower(), minor.lower())].measure, "slug", "")]
            for major, minor in crime_file.categories
        ],
        file_name=file_name[:255],
        first_month=dates[0],
        last_month=dates[-1],
        rows=len(crime_file.rows),
        other_units=crime_file.other_units,
        imported_by=user,
    )
    categories = {key: category.pk for key, category in known.items()}
    _insert(
        EditionRow,
        ["edition", "unit_name", "ward_code", "area", "category", "counts"],
        (
            (
                edition.pk,
                row.unit_name,
                row.ward_code,
                row.area.pk if row.area is not None else None,
                categories[(row.major.lower(), row.minor.lower())],
                json.dumps(row.counts, separators=(",", ":")),
            )
            for row in crime_file.rows
        ),
        after_batch,
    )
    measures = dict(Measure.objects.values_list("slug", "pk"))
    _insert(
        MonthlyMeasureCount,
        ["edition", "area", "measure", "month", "count"],
        (
            (edition.pk, area_id, measures[slug], _first_of(month), count)
            for (area_id, slug), monthly in series.items()
            for month, count in monthly.items()
        ),
        after_batch,
    )
    _record_wards(crime_file)
    return edition


def _record_wards(crime_file) -> None:
    """The wards a ward edition names, each in its borough; a later edition's name for a
    code replaces an earlier one's. A unit in no borough (Heathrow Villages, which the
    police count under Aviation Security) is no borough's ward."""
    wards = {
        row.ward_code: Ward(code=row.ward_code, name=row.unit_name, borough=row.area)
        for row in crime_file.rows
        if row.ward_code and row.area is not None
    }
    Ward.objects.bulk_create(
        wards.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "borough"],
    )


def _insert(model, fields: list[str], rows, after_batch) -> None:
    """Insert plain rows a batch at a time, never building model instances or holding a
    whole edition's in memory (the historical edition gives some 37,000 monthly measure
    counts). PostgreSQL takes each batch by COPY, other databases by one prepared
    statement."""
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, SAVE_BATCH)):
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerows(batch)
                buffer.seek(0)
                text_columns = [
                    meta.get_field(name).column
                    for name in fields
                    if meta.get_field(name).get_internal_type() == "CharField"
                ]
                not_null = f", FORCE_NOT_NULL ({', '.join(text_columns)})" if text_columns else ""
                cursor.cursor.copy_expert(
                    f"COPY {meta.db_table} ({', '.join(columns)}) FROM STDIN "
                    f"WITH (FORMAT csv{not_null})",
                    buffer,
                )
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {meta.db_table} ({', '.join(columns)}) VALUES ({placeholders})",
                    batch,
                )
            after_batch()
