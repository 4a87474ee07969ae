"""Importing the police's published recorded crime (docs/figures.md, "Recorded crime").

A file in the police's layout — ``Borough, Major Category, Minor Category`` then one
``YYYYMM`` column per month — is read whole, checked whole, and refused whole with every
problem named by line and column. A file that passes is stored as published (each
monthly count, in a ``CrimeEdition``), and the catalogue's figures are derived from it
with the staff-kept category map: each measure's monthly counts for every borough and
London-wide (the sum of the 32 boroughs), and a result for every financial year the
file gives all twelve months of. Those results are written through the figures import,
as drafts, so a release publishes them and marks what they revise.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boroughs.models import Area

from .figures.files import COLUMNS, FigureRows, NotValidCSV, RowProblem, reading_csv
from .figures.loading import ImportReport, import_figures_rows
from .figures.numbers import name_key
from .models import (
    CrimeEdition,
    Figure,
    Measure,
    MonthlyCount,
    MonthlyMeasureCount,
    SourceCategory,
)
from .models.recorded_crime import TOTAL_CRIME
from .rules import (
    FIRST_YEAR,
    LAST_YEAR,
    FigureKind,
    complete_years,
    month_label,
    partial_year,
    year_label,
    year_total,
)

# The same three columns under the names different editions give them.
DESCRIPTIVE_COLUMNS = {
    "unit": ("borough", "boroughname", "lookup_boroughname"),
    "major": ("major category", "majortext"),
    "minor": ("minor category", "minortext"),
}
MONTH_COLUMN = re.compile(r"[0-9]{6}")
WHOLE_NUMBER = re.compile(r"[0-9]+")
# Units the police publish alongside the boroughs that are not boroughs. Their rows are
# stored, named in the import's summary, and counted in no borough and not London-wide.
OTHER_UNITS = {
    "london heathrow and london city airports",
    "heathrow airport",
    "london city airport",
    "aviation security so18",
    "aviation security",
}
MAX_LISTED_PROBLEMS = 200
SAVE_BATCH = 5000
# The police's published monthly series begin well after this; a month before it is a
# mistake in the file, not history.
FIRST_MONTH_YEAR = 2000
# More offences of one kind in one borough in one month than London records in a year.
MAX_COUNT = 10_000_000
# Unknown categories named in a refusal; the rest are counted.
MAX_LISTED_CATEGORIES = 100


class CrimeFileError(Exception):
    pass


@dataclass
class SourceRow:
    line: int
    unit_name: str
    area: Area | None
    major: str
    minor: str
    counts: list[int]


@dataclass
class CrimeFile:
    months: list[tuple[int, int]]
    rows: list[SourceRow]

    @property
    def other_units(self) -> list[str]:
        return sorted({r.unit_name for r in self.rows if r.area is None})

    @property
    def categories(self) -> list[tuple[str, str]]:
        return sorted({(r.major, r.minor) for r in self.rows})


DRY_RUN_NOTE = "Dry run, nothing written. "


@dataclass
class CrimeImportReport:
    edition_of: datetime.date
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0
    months: list[tuple[int, int]] = field(default_factory=list)
    other_units: list[str] = field(default_factory=list)
    complete_years: list[int] = field(default_factory=list)
    partial_year: tuple[int, int] | None = None  # (start year, months held)
    monthly_counts: int = 0
    figures: ImportReport | None = None
    edition: CrimeEdition | None = None

    @property
    def ok(self) -> bool:
        return not self.problem_count

    def refuse(self, line: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(RowProblem(line, column, message))

    def summary(self) -> str:
        if not self.ok:
            return f"Nothing was imported: {self.problem_count} problem(s) found."
        lines = []
        first, last = self.months[0], self.months[-1]
        lines.append(
            f"{DRY_RUN_NOTE if self.dry_run else ''}"
            f"Recorded crime, edition of {self.edition_of:%-d %B %Y}: {self.rows:,} rows, "
            f"{month_label(*first)} to {month_label(*last)} ({len(self.months)} months), "
            f"{self.monthly_counts:,} monthly counts."
        )
        if self.complete_years:
            lines.append(
                "Years with all twelve months, given as results: "
                + ", ".join(year_label(y) for y in self.complete_years)
                + "."
            )
        if self.partial_year:
            start, held = self.partial_year
            lines.append(
                f"{year_label(start)} has {held} of 12 months: shown as a year to date, "
                "never as a year's result."
            )
        if self.other_units:
            lines.append(
                "Units that are not boroughs, stored but counted in no borough and not "
                "London-wide: " + ", ".join(self.other_units) + "."
            )
        if self.figures is not None:
            lines.append("Figures: " + self.figures.summary())
        return "\n".join(lines)


# ---------------------------------------------------------------- reading


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Spreadsheets saved on Windows: the police's own files are plain ASCII.
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise CrimeFileError(
            "The file is not text. Save it as CSV (UTF-8) and try again."
        ) from error


def edition_date_problem(edition_of: datetime.date, today: datetime.date) -> str | None:
    """Why a day cannot be an edition's date, or None: an edition is published, so its day
    has come."""
    if edition_of > today:
        return (
            f"The edition's date, {edition_of:%-d %B %Y}, is in the future: give the day the "
            "police published it."
        )
    return None


def _month_ended_by(year: int, month: int, day: datetime.date) -> bool:
    """Whether the month had ended before ``day``: only such a month can be in an edition
    published that day (a month still running has counts still coming in)."""
    return datetime.date(year + month // 12, month % 12 + 1, 1) <= day


def _read_header(header: list[str], report: CrimeImportReport):
    """Which column holds what: ({'unit': i, 'major': i, 'minor': i}, [(i, (y, m))])."""
    named: dict[str, int] = {}
    months: list[tuple[int, tuple[int, int]]] = []
    for index, cell in enumerate(header):
        text = cell.strip()
        column = f"{index + 1} ('{text}')"
        role = next((r for r, names in DESCRIPTIVE_COLUMNS.items() if text.lower() in names), None)
        if role:
            if role in named:
                report.refuse(1, column, f"The header names the {role} column twice.")
            named[role] = index
            continue
        if not MONTH_COLUMN.fullmatch(text):
            report.refuse(
                1,
                column,
                "Not a column of this layout: expected Borough, Major Category, Minor "
                "Category and months written YYYYMM (200804 for April 2008).",
            )
            continue
        year, month = int(text[:4]), int(text[4:])
        if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
            report.refuse(
                1,
                column,
                f"Not a month: months are written YYYYMM, {FIRST_YEAR}01 to {LAST_YEAR}12.",
            )
            continue
        if year < FIRST_MONTH_YEAR:
            report.refuse(
                1,
                text,
                f"A month before {FIRST_MONTH_YEAR}: the police's monthly recorded crime "
                "starts later. Check the file's header.",
            )
            continue
        if not _month_ended_by(year, month, report.edition_of):
            report.refuse(
                1,
                text,
                f"{month_label(year, month)} had not ended by the edition's date, "
                f"{report.edition_of:%-d %B %Y}: an edition holds only months that ended "
                "before it was published. Check the edition's date and the header.",
            )
            continue
        if months:
            (py, pm) = months[-1][1]
            expected = (py + pm // 12, pm % 12 + 1)
            if (year, month) != expected:
                report.refuse(
                    1,
                    column,
                    f"The months must be consecutive: {text} follows {py}{pm:02d} "
                    f"(expected {expected[0]}{expected[1]:02d}).",
                )
                continue
        months.append((index, (year, month)))
    for role, names in DESCRIPTIVE_COLUMNS.items():
        if role not in named:
            report.refuse(1, "", f"The header has no '{names[0].title()}' column.")
    if not months and report.ok:
        report.refuse(1, "", "The header has no month columns (YYYYMM).")
    return named, months


def read_crime_file(data: bytes, report: CrimeImportReport) -> CrimeFile | None:
    """The file's rows, or None with every problem in ``report``."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        with reading_csv(reader):
            return _read_rows(reader, report)
    except NotValidCSV as error:
        report.refuse(error.line, "", error.message)
        return None


def _read_rows(reader, report: CrimeImportReport) -> CrimeFile | None:
    header = next(reader, None)
    if header is None:
        report.refuse(1, "", "The file is empty.")
        return None
    named, month_columns = _read_header(header, report)
    if not report.ok:
        return None
    boroughs = {name_key(a.name): a for a in Area.objects.boroughs()}
    rows: list[SourceRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            report.refuse(
                line, "", f"The row has {len(cells)} values; the header has {len(header)}."
            )
            continue
        unit_name = cells[named["unit"]].strip()
        major = cells[named["major"]].strip()
        minor = cells[named["minor"]].strip()
        key = name_key(unit_name)
        area = boroughs.get(key)
        if area is None and key not in OTHER_UNITS:
            report.refuse(
                line,
                header[named["unit"]].strip(),
                f"'{unit_name}' is not a London borough, nor a unit this service knows "
                "(such as the airports).",
            )
        for role, value in (("major", major), ("minor", minor)):
            if not value:
                report.refuse(line, header[named[role]].strip(), "This column is empty.")
        identity = (key, major.lower(), minor.lower())
        if identity in seen:
            report.refuse(
                line,
                "",
                f"The same borough and category as line {seen[identity]}: a duplicate.",
            )
        seen.setdefault(identity, line)
        counts = []
        for index, _month in month_columns:
            cell = cells[index].strip()
            if not WHOLE_NUMBER.fullmatch(cell):
                report.refuse(
                    line,
                    f"{header[index].strip()}",
                    f"'{cell[:20]}{'…' if len(cell) > 20 else ''}' is not a count: a whole "
                    "number, 0 or more, digits only.",
                )
                counts.append(0)
            # Measured by its digits first: a number thousands of digits long is not
            # worth converting (Python refuses past 4,300).
            elif len(cell.lstrip("0")) > len(str(MAX_COUNT)) or int(cell) > MAX_COUNT:
                report.refuse(
                    line,
                    f"{header[index].strip()}",
                    f"'{cell[:20]}{'…' if len(cell) > 20 else ''}' is more than "
                    f"{MAX_COUNT:,}: no borough records that many offences of one kind in "
                    "a month.",
                )
                counts.append(0)
            else:
                counts.append(int(cell))
        rows.append(SourceRow(line, unit_name, area, major, minor, counts))
    if report.ok and not rows:
        report.refuse(1, "", "The file has no rows of counts: only a header.")
    if not report.ok:
        return None
    return CrimeFile(months=[m for _, m in month_columns], rows=rows)


# ---------------------------------------------------------------- deriving


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


# ---------------------------------------------------------------- importing


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


# ---------------------------------------------------------------- monthly download

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


# ---------------------------------------------------------------- the category map as CSV

MAP_COLUMNS = ["major_category", "minor_category", "measure"]


class CategoryMapError(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def export_category_map() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MAP_COLUMNS)
    for category in SourceCategory.objects.select_related("measure"):
        writer.writerow(
            [category.major, category.minor, category.measure.slug if category.measure else ""]
        )
    return out.getvalue()


@transaction.atomic
def import_category_map(data: bytes) -> str:
    """Add or change the categories a map file lists; whole or nothing (CategoryMapError
    naming every bad line). Categories it does not list stay as they are."""
    try:
        text = _decode(data)
    except CrimeFileError as error:
        raise CategoryMapError([RowProblem(1, "", str(error))]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        with reading_csv(reader):
            rows = list(enumerate(reader, start=1))
    except NotValidCSV as error:
        raise CategoryMapError([RowProblem(error.line, "", error.message)]) from None
    header = [c.strip().lower() for c in rows[0][1]] if rows else []
    if header != MAP_COLUMNS:
        raise CategoryMapError(
            [RowProblem(1, "", "The header must be: " + ",".join(MAP_COLUMNS) + ".")]
        )
    measures = {m.slug: m for m in Measure.objects.prefetch_related("parts")}
    existing = {(c.major.lower(), c.minor.lower()): c for c in SourceCategory.objects.all()}
    problems, seen, wanted = [], {}, []
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != 3:
            problems.append(RowProblem(line, "", f"The row has {len(cells)} values, not 3."))
            continue
        major, minor, slug = (c.strip() for c in cells)
        if not major or not minor:
            problems.append(RowProblem(line, "", "Both the major and minor category are needed."))
            continue
        key = (major.lower(), minor.lower())
        if key in seen:
            problems.append(RowProblem(line, "", f"The same category as line {seen[key]}."))
            continue
        seen[key] = line
        measure = None
        if slug:
            measure = measures.get(slug)
            if measure is None:
                problems.append(RowProblem(line, "measure", f"'{slug}' is not in the catalogue."))
                continue
        category = existing.get(key) or SourceCategory(major=major, minor=minor)
        before = (category.pk, category.measure_id)
        category.measure = measure
        try:
            category.full_clean(validate_unique=False)
        except ValidationError as error:
            for message in error.messages:
                problems.append(RowProblem(line, "measure", message))
            continue
        wanted.append((category, before))
    if problems:
        raise CategoryMapError(problems)
    added = changed = unchanged = 0
    for category, (pk, measure_id) in wanted:
        if pk is None:
            added += 1
        elif measure_id == category.measure_id:
            unchanged += 1
            continue
        else:
            changed += 1
        category.save()
    return f"{added} added, {changed} changed, {unchanged} unchanged."
