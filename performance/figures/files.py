"""The figures file: its columns, the limits on an upload, and reading it as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from ..rules import plural

COLUMNS = ["area_code", "area_name", "measure", "year", "figure", "value"]
REQUIRED_COLUMNS = [c for c in COLUMNS if c != "area_name"]
XLSX_MAGIC = b"PK\x03\x04"
# Cells read from a workbook's rows: a figures file has six columns; anything past this is
# never read, however wide a row claims to be.
XLSX_MAX_COLUMNS = 32


class FiguresFileError(Exception):
    """The file as a whole cannot be read: its type, size, encoding, header or length."""


class NotValidCSV(FiguresFileError):
    """The csv module cannot read a line (a field past its limit, say)."""

    def __init__(self, line: int, detail: str):
        self.line = line
        self.message = f"the file is not valid CSV ({detail})."
        super().__init__(f"Line {line}: {self.message}")


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
    max_unpacked_bytes: int | None = None

    def describe(self) -> str:
        parts = []
        if self.max_bytes:
            parts.append(f"at most {self.max_bytes // (1024 * 1024)} MB")
        if self.max_rows:
            parts.append(f"at most {self.max_rows:,} rows of figures")
        return " and ".join(parts)


def upload_limits() -> Limits:
    """Limits for files uploaded through the admin (settings FIGURES_UPLOAD_MAX_*)."""
    return Limits(
        settings.FIGURES_UPLOAD_MAX_BYTES,
        settings.FIGURES_UPLOAD_MAX_ROWS,
        settings.FIGURES_UPLOAD_MAX_UNPACKED_BYTES,
    )


NO_LIMITS = Limits(None, None)


def command_limits() -> Limits:
    """For ``import_figures`` on the server: no size or row limit (whoever runs it has the
    server in their hands), but a workbook that unpacks past what any figures file needs is
    still refused, since reading one costs memory in proportion."""
    return Limits(None, None, settings.FIGURES_UPLOAD_MAX_UNPACKED_BYTES)


@dataclass
class FigureRows:
    """An opened figures file: its header, then its non-blank rows as ``(line, cells)``.

    ``rows`` is read once; it raises FiguresFileError if a limit is crossed or the file
    turns out to be unreadable part-way through.
    """

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


def _as_stream(source: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source


def _size_of(stream: BinaryIO) -> int:
    position = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(position)
    return size


def _check_size(stream: BinaryIO, limits: Limits) -> bytes:
    """Refuse an empty or oversized file; return its first bytes, for checking its type."""
    size = _size_of(stream)
    if not size:
        raise FiguresFileError(
            "The file is empty. Its first line must be the header: " + ",".join(COLUMNS)
        )
    if limits.max_bytes and size > limits.max_bytes:
        raise FiguresFileError(
            f"The file is {size / (1024 * 1024):.1f} MB; files can be {limits.describe()}. "
            "Split it into smaller files."
        )
    head = stream.read(4096)
    stream.seek(0)
    return head


def too_many_rows(limits: Limits) -> FiguresFileError:
    return FiguresFileError(
        f"The file has more than {limits.max_rows:,} rows of figures; files can be "
        f"{limits.describe()}. Split it into smaller files."
    )


# Columns the public download adds to describe each value: part of the format, ignored
# on import, so a downloaded file imports back unchanged (docs/figures.md); all but
# value_basis, which is read, so how a figure is known survives the round trip too.
DESCRIPTIVE_COLUMNS = [
    "derived_from",
    "coverage",
    "revised",
    "first_published",
    "first_published_on",
    "revision",
    "value_basis",
    "target_basis",
    # Downloads before December 2026 said only whether a figure was made up.
    "illustrative",
    "released_on",
    "notes",
    "status",
    "confidence_low",
    "confidence_high",
    "rate_per_1000",
    "population",
    "population_source",
]


def _check_header(header) -> list[str]:
    header = [str(h if h is not None else "").strip().lower() for h in header]
    named = [h for h in header if h]
    if len(named) == 1:
        for mark, name in ((";", "semicolons"), ("\t", "tabs")):
            if mark in named[0]:
                raise FiguresFileError(
                    f"The header is separated by {name}, not commas. Save the file as "
                    "CSV with commas (in a spreadsheet: Save as → CSV, comma delimited)."
                )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FiguresFileError(
            f"The header has no {', '.join(repr(c) for c in missing)} column. "
            f"The first line must be: {','.join(COLUMNS)}"
        )
    unknown = [h for h in named if h not in COLUMNS and h not in DESCRIPTIVE_COLUMNS]
    if unknown:
        raise FiguresFileError(
            f"The header has {plural(len(unknown), 'a column', 'columns')} the format does "
            f"not have: {', '.join(repr(c) for c in unknown)}. "
            f"The columns are: {','.join(COLUMNS)}"
        )
    repeated = [c for c, n in Counter(header).items() if n > 1 and c]
    if repeated:
        raise FiguresFileError(f"The header names {', '.join(repeated)} more than once.")
    return header


def _past_the_limit(line: int, limits: Limits) -> bool:
    """Line 1 is the header, so line N is the (N-1)th line of figures."""
    return bool(limits.max_rows) and line - 1 > limits.max_rows


def open_csv(source: bytes | BinaryIO, limits: Limits = NO_LIMITS) -> FigureRows:
    stream = _as_stream(source)
    head = _check_size(stream, limits)
    if head.startswith(XLSX_MAGIC) or b"\x00" in head:
        raise FiguresFileError(
            "The file is not a CSV text file. If it is a spreadsheet, choose the XLSX format "
            "or save it as 'CSV UTF-8'."
        )
    # Decoded as it is read; newline="" keeps line ends for the csv module, which ends a
    # line at \n, \r\n or a bare \r alike.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    with reading_csv(reader):
        header = next(reader, None)
    if header is None:
        raise FiguresFileError("The file has no header line.")
    return FigureRows(_check_header(header), _csv_rows(reader, limits))


def _csv_rows(reader, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    next_line = reader.line_num + 1
    with reading_csv(reader):
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if _past_the_limit(reader.line_num, limits):
                raise too_many_rows(limits)
            if any(cell.strip() for cell in row):
                yield line, row


# The longest cell any CSV the service reads may hold (the csv module's own default).
CSV_FIELD_LIMIT = 128 * 1024


class reading_csv:
    """Turns the csv module's and the decoder's errors into messages naming the line
    (NotValidCSV, FiguresFileError), for every CSV the service reads."""

    def __init__(self, reader):
        self.reader = reader

    def __enter__(self):
        # The limit is the csv module's, which is global to the process: a library may
        # raise it (frictionless does, on import), so it is set again for every read.
        csv.field_size_limit(CSV_FIELD_LIMIT)
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, csv.Error):
            raise NotValidCSV(self.reader.line_num, str(error)) from None
        if isinstance(error, UnicodeDecodeError):
            raise FiguresFileError(
                f"The file is not UTF-8 text (near line {self.reader.line_num + 1}, a byte "
                "cannot be read). Save it from your spreadsheet as 'CSV UTF-8'."
            ) from None
        return False
