"""Reading the figures file as an Excel workbook, and either kind of file in chunks."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

import tablib

from .files import (
    NO_LIMITS,
    XLSX_MAGIC,
    XLSX_MAX_COLUMNS,
    FigureRows,
    FiguresFileError,
    Limits,
    RowProblem,
    _as_stream,
    _check_header,
    _check_size,
    _past_the_limit,
    open_csv,
    too_many_rows,
)


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


NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx)."


def open_xlsx(source: bytes | BinaryIO, limits: Limits = NO_LIMITS) -> FigureRows:
    """The first sheet of a workbook, read as values: a formula gives its saved result."""
    stream = _as_stream(source)
    if not _check_size(stream, limits).startswith(XLSX_MAGIC):
        raise FiguresFileError(NOT_A_WORKBOOK)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise FiguresFileError(NOT_A_WORKBOOK) from None
    if "xl/workbook.xml" not in names:
        raise FiguresFileError(NOT_A_WORKBOOK)
    if limits.max_unpacked_bytes and unpacked > limits.max_unpacked_bytes:
        # Refused before it is read. The declared sizes are also the most that zipfile
        # reads of each part, so a part that lies about its size stops there.
        raise FiguresFileError(
            f"The workbook unpacks to {unpacked / (1024 * 1024):.0f} MB, more than the "
            f"{limits.max_unpacked_bytes // (1024 * 1024)} MB a figures file can hold. "
            "Save only the figures, as CSV UTF-8 or a new workbook."
        )
    stream.seek(0)

    import openpyxl

    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise FiguresFileError("The workbook cannot be read; it may be damaged.") from None
    # Whatever size the sheet claims, read the rows it has: a claim of the whole grid
    # would otherwise pad every row to 16,384 cells and add a million empty rows.
    sheet.reset_dimensions()
    rows = _xlsx_rows(book, sheet, limits)
    try:
        header = next(rows, None)
    except FiguresFileError:
        book.close()
        raise
    if header is None:
        book.close()
        raise FiguresFileError("The first sheet is empty. Its first row must be the header.")
    return FigureRows(_check_header(header), rows)


def _xlsx_rows(book, sheet, limits: Limits) -> Iterator:
    """The header's cells first, then ``(line, cells)`` for each non-blank row."""
    try:
        values = sheet.iter_rows(values_only=True, max_col=XLSX_MAX_COLUMNS)
        header = next(values, None)
        if header is None:
            return
        header = [_cell_text(v) for v in header]
        width = len(header)
        while width and not header[width - 1].strip():
            width -= 1
        yield header[:width]
        for line, row in enumerate(values, start=2):
            if _past_the_limit(line, limits):
                raise too_many_rows(limits)
            cells = [_cell_text(v) for v in row]
            # Empty cells past the header's last column are not values.
            while len(cells) > width and not cells[-1].strip():
                cells.pop()
            if any(c.strip() for c in cells):
                yield line, cells
    except FiguresFileError:
        raise
    except Exception:  # a damaged sheet part-way through
        raise FiguresFileError("The workbook cannot be read; it may be damaged.") from None
    finally:
        book.close()


def open_figures(source: bytes | BinaryIO, name: str, limits: Limits = NO_LIMITS) -> FigureRows:
    """Open a figures file, choosing the reader by its name and checking its content matches."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return open_xlsx(source, limits)
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return open_csv(source, limits)
    raise FiguresFileError("Choose a .csv or .xlsx file.")


def datasets(figure_rows: FigureRows, size: int) -> Iterator[tablib.Dataset]:
    """The rows in Datasets of ``size`` rows at most, each carrying:

    - ``line_numbers``: each row's line in the file;
    - ``known_problems``: rows that cannot be read at all (the wrong number of values),
      which the import reports alongside every other bad row.
    """
    header = figure_rows.header
    dataset = _new_dataset(header)
    for line, row in figure_rows.rows:
        if len(row) != len(header):
            dataset.known_problems.append(
                RowProblem(
                    line, "", f"The row has {len(row)} values; the header has {len(header)}."
                )
            )
        else:
            dataset.append(row)
            dataset.line_numbers.append(line)
        if len(dataset) >= size:
            yield dataset
            dataset = _new_dataset(header)
    if len(dataset) or dataset.known_problems:
        yield dataset


def _new_dataset(header) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=header)
    dataset.line_numbers = []
    dataset.known_problems = []
    return dataset


def read_figures(source: bytes | BinaryIO, name: str, limits: Limits = NO_LIMITS) -> tablib.Dataset:
    """The whole file as one Dataset: for small files and tests; imports read in chunks."""
    figure_rows = open_figures(source, name, limits)
    whole = _new_dataset(figure_rows.header)
    for part in datasets(figure_rows, size=10_000):
        for row in part:
            whole.append(row)
        whole.line_numbers += part.line_numbers
        whole.known_problems += part.known_problems
    return whole
