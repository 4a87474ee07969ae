"""Reading figures files (CSV and XLSX) safely, keeping each row's line number.

Every reader checks the file's size, type (by content as well as by name) and
row count before it parses the rows, and returns a tablib Dataset carrying:

- ``line_numbers``: each row's line as an editor or spreadsheet shows it
  (blank lines are skipped but still counted);
- ``known_problems``: rows that cannot be read at all (the wrong number of values),
  which the import reports alongside every other bad row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import tablib
from django.conf import settings

COLUMNS = ["area_code", "area_name", "measure", "year", "figure", "value"]
REQUIRED_COLUMNS = [c for c in COLUMNS if c != "area_name"]
XLSX_MAGIC = b"PK\x03\x04"


class FiguresFileError(Exception):
    """The file as a whole cannot be read: its type, size, encoding or header."""


@dataclass(frozen=True, order=True)
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"Line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None
    max_rows: int | None

    def describe(self) -> str:
        parts = []
        if self.max_bytes:
            parts.append(f"at most {self.max_bytes // (1024 * 1024)} MB")
        if self.max_rows:
            parts.append(f"at most {self.max_rows:,} rows of figures")
        return " and ".join(parts)


def upload_limits() -> Limits:
    """Limits for files uploaded through the admin (settings FIGURES_UPLOAD_MAX_*)."""
    return Limits(settings.FIGURES_UPLOAD_MAX_BYTES, settings.FIGURES_UPLOAD_MAX_ROWS)


NO_LIMITS = Limits(None, None)


def _check_size(data: bytes, limits: Limits):
    if not data:
        raise FiguresFileError(
            "The file is empty. Its first line must be the header: " + ",".join(COLUMNS)
        )
    if limits.max_bytes and len(data) > limits.max_bytes:
        raise FiguresFileError(
            f"The file is {len(data) / (1024 * 1024):.1f} MB; files can be {limits.describe()}. "
            "Split it into smaller files."
        )


def _too_many_rows(limits: Limits) -> FiguresFileError:
    return FiguresFileError(
        f"The file has more than {limits.max_rows:,} rows of figures; files can be "
        f"{limits.describe()}. Split it into smaller files."
    )


def _dataset(header, rows_with_lines, known_problems) -> tablib.Dataset:
    header = [str(h if h is not None else "").strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FiguresFileError(
            f"The header has no {', '.join(repr(c) for c in missing)} column. "
            f"The first line must be: {','.join(COLUMNS)}"
        )
    repeated = [c for c, n in Counter(header).items() if n > 1 and c]
    if repeated:
        raise FiguresFileError(f"The header names {', '.join(repeated)} more than once.")
    dataset = tablib.Dataset(headers=header)
    dataset.line_numbers = []
    dataset.known_problems = list(known_problems)
    for line, row in rows_with_lines:
        if len(row) != len(header):
            dataset.known_problems.append(
                RowProblem(
                    line, "", f"The row has {len(row)} values; the header has {len(header)}."
                )
            )
            continue
        dataset.append(row)
        dataset.line_numbers.append(line)
    return dataset


def read_csv(data: bytes, limits: Limits = NO_LIMITS) -> tablib.Dataset:
    _check_size(data, limits)
    if data.startswith(XLSX_MAGIC) or b"\x00" in data[:4096]:
        raise FiguresFileError(
            "The file is not a CSV text file. If it is a spreadsheet, choose the XLSX format "
            "or save it as 'CSV UTF-8'."
        )
    if limits.max_rows and data.count(b"\n") > limits.max_rows + 1:
        # Counting line ends first is cheap and refuses a huge file before parsing it.
        raise _too_many_rows(limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FiguresFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it from your spreadsheet as 'CSV UTF-8'."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise FiguresFileError("The file has no header line.")
        rows = []
        next_line = reader.line_num + 1
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if any(cell.strip() for cell in row):
                rows.append((line, row))
    except csv.Error as error:
        raise FiguresFileError(
            f"Line {reader.line_num}: the file is not valid CSV ({error})."
        ) from None
    return _dataset(header, rows, [])


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold: 1498.0 → "1498", 53.1 → "53.1"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, limits: Limits = NO_LIMITS) -> tablib.Dataset:
    """The first sheet of a workbook, read as values: a formula gives its saved result."""
    _check_size(data, limits)
    if not data.startswith(XLSX_MAGIC):
        raise FiguresFileError("The file is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FiguresFileError("The file is not an Excel workbook (.xlsx).") from None
    if "xl/workbook.xml" not in names:
        raise FiguresFileError("The file is not an Excel workbook (.xlsx).")
    if limits.max_bytes and unpacked > 20 * limits.max_bytes:
        # A small file that unpacks to something enormous is refused before it is read.
        raise FiguresFileError("The workbook unpacks to more data than can be imported.")

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise FiguresFileError("The workbook cannot be read; it may be damaged.") from None
    try:
        sheet = book.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        header = next(rows_iter, None)
        if header is None:
            raise FiguresFileError("The first sheet is empty. Its first row must be the header.")
        width = len(header)
        while width and header[width - 1] in (None, ""):
            width -= 1
        rows = []
        for line, values in enumerate(rows_iter, start=2):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if limits.max_rows and len(rows) >= limits.max_rows:
                raise _too_many_rows(limits)
            # Empty cells past the header's last column are not values.
            while len(cells) > width and not cells[-1].strip():
                cells.pop()
            rows.append((line, cells))
    finally:
        book.close()
    return _dataset(header[:width], rows, [])


def read_figures(data: bytes, name: str, limits: Limits = NO_LIMITS) -> tablib.Dataset:
    """Read a figures file, choosing the reader by its name and checking its content matches."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return read_xlsx(data, limits)
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return read_csv(data, limits)
    raise FiguresFileError("Choose a .csv or .xlsx file.")
