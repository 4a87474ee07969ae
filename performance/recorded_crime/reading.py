"""Reading an edition of the police's recorded crime: its layout, months and counts."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from boroughs.models import Area

from ..figures.files import NotValidCSV, RowProblem, reading_csv
from ..figures.loading import ImportReport
from ..figures.numbers import name_key
from ..models import (
    CrimeEdition,
    Layout,
)
from ..rules import (
    FIRST_YEAR,
    LAST_YEAR,
    incomplete_months,
    month_label,
    year_label,
)

# The columns that describe a row, by what they hold; the first name is the 2008–2016
# layout's. A ward file has both ward columns, and its borough is LookUp_BoroughName.
DESCRIPTIVE_COLUMNS = {
    "unit": ("borough", "boroughname", "lookup_boroughname"),
    "major": ("major category", "majortext"),
    "minor": ("minor category", "minortext"),
    "ward": ("wardname",),
    "ward_code": ("wardcode",),
}
REQUIRED_COLUMNS = ("unit", "major", "minor")
MONTH_COLUMN = re.compile(r"[0-9]{6}")
WHOLE_NUMBER = re.compile(r"[0-9]+")
# Units the police publish alongside the boroughs that are not boroughs. Their rows are
# stored, named in the import's summary, and counted in no borough and not London-wide.
OTHER_UNITS = {
    "unknown",
    "london heathrow and london city airports",
    "heathrow airport",
    "london city airport",
    "aviation security so18",
    "aviation security",
}
WARD_CODE = re.compile(r"E05[0-9]{6}")
MAX_LISTED_PROBLEMS = 200
SAVE_BATCH = 20_000
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
    unit_name: str  # the borough, or in a ward file the ward
    area: Area | None  # the borough the unit is in, if any
    major: str
    minor: str
    counts: list[int]
    ward_code: str = ""


@dataclass
class CrimeFile:
    layout: Layout
    months: list[tuple[int, int]]
    rows: list[SourceRow]
    # Months whose London total is a small fraction of the file's usual month: stored,
    # never used for a figure.
    incomplete: list[tuple[int, int]] = field(default_factory=list)

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
    layout: Layout | None = None
    incomplete_months: list[tuple[int, int]] = field(default_factory=list)
    # Categories the map had not seen, under major categories that feed no measure.
    new_categories: list[tuple[str, str]] = field(default_factory=list)
    complete_years: list[int] = field(default_factory=list)
    partial_year: tuple[int, int] | None = None  # (start year, months held)
    monthly_counts: int = 0
    figures: ImportReport | None = None
    edition: CrimeEdition | None = None

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def layout_words(self) -> str:
        """ " (ward file)", from the layout's label; empty before the file is read."""
        if self.layout is None:
            return ""
        return f" ({self.layout.label.split(' (')[0].lower()} file)"

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
            f"Recorded crime, edition of {self.edition_of:%-d %B %Y}"
            f"{self.layout_words}: "
            f"{self.rows:,} rows, {month_label(*first)} to {month_label(*last)} "
            f"({len(self.months)} months), {self.monthly_counts:,} monthly counts."
        )
        for month in self.incomplete_months:
            lines.append(
                f"{month_label(*month)} is incomplete: its London total is a small fraction "
                "of the file's other months. It is stored as published and used for no "
                "figure; an earlier edition's count for it stands."
            )
        if self.complete_years:
            lines.append(
                "Years with all twelve months, across this and earlier editions, given as "
                "results: " + ", ".join(year_label(y) for y in self.complete_years) + "."
            )
        if self.partial_year:
            start, held = self.partial_year
            lines.append(
                f"{year_label(start)} has {held} of 12 months: shown as a year to date, "
                "never as a year's result."
            )
        if self.new_categories:
            listed = "; ".join(f"{a} › {b}" for a, b in self.new_categories[:20])
            lines.append(
                "New categories, counted in total crime only and added to the category map "
                f"(check them there): {listed}"
                + (
                    f"; … and {len(self.new_categories) - 20} more"
                    if len(self.new_categories) > 20
                    else ""
                )
                + "."
            )
        if self.other_units:
            lines.append(
                "Units that are in no borough, stored but counted in no borough and not in "
                "London-wide totals: " + ", ".join(self.other_units) + "."
            )
        if self.figures is not None:
            lines.append("Figures: " + self.figures.summary())
        return "\n".join(lines)


def decode(data: bytes) -> str:
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
                "Not a column of the police's layouts: expected Borough, Major Category, "
                "Minor Category (or MajorText, MinorText, BoroughName; or MajorText, "
                "MinorText, WardName, WardCode, LookUp_BoroughName) and months written "
                "YYYYMM (200804 for April 2008).",
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
    for role in REQUIRED_COLUMNS:
        if role not in named:
            names = DESCRIPTIVE_COLUMNS[role]
            report.refuse(1, "", f"The header has no '{names[0].title()}' column.")
    if ("ward" in named) != ("ward_code" in named):
        report.refuse(1, "", "A ward file needs both a WardName and a WardCode column.")
    if not months and report.ok:
        report.refuse(1, "", "The header has no month columns (YYYYMM).")
    return named, months


def _layout(header: list[str], named: dict[str, int]) -> Layout:
    if "ward_code" in named:
        return Layout.WARD
    if header[named["major"]].strip().lower() == DESCRIPTIVE_COLUMNS["major"][0]:
        return Layout.BOROUGH_2008
    return Layout.BOROUGH


def read_crime_file(data: bytes, report: CrimeImportReport) -> CrimeFile | None:
    """The file's rows, or None with every problem in ``report``."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
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
    layout = _layout(header, named)
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
        borough_name = cells[named["unit"]].strip()
        major = cells[named["major"]].strip()
        minor = cells[named["minor"]].strip()
        key = name_key(borough_name)
        area = boroughs.get(key)
        if area is None and key not in OTHER_UNITS:
            report.refuse(
                line,
                header[named["unit"]].strip(),
                f"'{borough_name}' is not a London borough, nor a unit this service knows "
                "(Unknown, the airports, Aviation Security).",
            )
        unit_name, ward_code = borough_name, ""
        if layout == Layout.WARD:
            unit_name = cells[named["ward"]].strip()
            ward_code = cells[named["ward_code"]].strip().upper()
            if not WARD_CODE.fullmatch(ward_code):
                report.refuse(
                    line,
                    header[named["ward_code"]].strip(),
                    f"'{ward_code[:20]}' is not a ward's GSS code (E05 and six digits).",
                )
            key = ward_code
        for role, value in (("major", major), ("minor", minor)):
            if not value:
                report.refuse(line, header[named[role]].strip(), "This column is empty.")
        identity = (key, major.lower(), minor.lower())
        if identity in seen:
            report.refuse(
                line,
                "",
                f"The same {'ward' if ward_code else 'borough'} and category as line "
                f"{seen[identity]}: a duplicate.",
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
        rows.append(SourceRow(line, unit_name[:100], area, major, minor, counts, ward_code))
    if report.ok and not rows:
        report.refuse(1, "", "The file has no rows of counts: only a header.")
    if not report.ok:
        return None
    months = [m for _, m in month_columns]
    totals = [sum(r.counts[i] for r in rows if r.area is not None) for i in range(len(months))]
    incomplete = [months[i] for i in incomplete_months(totals)]
    return CrimeFile(layout=layout, months=months, rows=rows, incomplete=incomplete)
