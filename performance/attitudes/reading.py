"""Reading MOPAC's Public Attitude Survey file: every row checked, every problem named by
line and column, nothing kept from a file with any problem."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..figures.numbers import name_key
from ..recorded_crime.reading import decode
from ..rules.quarters import quarter_start

COLUMNS = ("date", "quarter", "borough", "metric", "metric_value")
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class AttitudeRow:
    line: int
    borough: str  # as the catalogue names it
    metric: str  # as the file names it ("Good job")
    quarter: datetime.date  # its first day
    proportion: Decimal


@dataclass
class AttitudeReport:
    rows: list[AttitudeRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    # Lines that repeat an earlier row exactly, value and all: taken once, and said.
    repeated: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem_count

    def refuse(self, line: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            where = f"line {line}" + (f", column {column}" if column else "")
            self.problems.append(f"{where}: {message}")

    @property
    def quarters(self) -> list[datetime.date]:
        return sorted({row.quarter for row in self.rows})


def read_attitudes(data: bytes, boroughs: list[str], metrics: list[str]) -> AttitudeReport:
    """Every row of the file, checked. ``boroughs``: the 32 boroughs' names; ``metrics``:
    the survey's questions as the file names them."""
    report = AttitudeReport()
    try:
        text = decode(data)
    except Exception as error:  # the file is not text
        report.refuse(1, "", str(error))
        return report
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        report.refuse(
            1,
            "",
            f"The file needs the columns {', '.join(COLUMNS)}; "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing.",
        )
        return report
    at = {name: header.index(name) for name in COLUMNS}
    by_key = {name_key(name): name for name in boroughs}
    seen: dict[tuple, int] = {}
    seen_values: dict[tuple, Decimal] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        row = _row(line, cells, at, by_key, metrics, report)
        if row is None:
            continue
        key = (row.borough, row.metric, row.quarter)
        if key in seen and seen_values[key] == row.proportion:
            # MOPAC's file repeats some rows exactly (Bexley's trust, 2023/24 on): one value.
            report.repeated.append(line)
            continue
        if key in seen:
            report.refuse(
                line,
                "",
                f"{row.borough}, {row.metric}, {cells[at['quarter']]} is "
                f"given twice with different values: also on line {seen[key]}.",
            )
            continue
        seen[key], seen_values[key] = line, row.proportion
        report.rows.append(row)
    if report.ok and not report.rows:
        report.refuse(2, "", "The file has no values.")
    return report


def _row(line, cells, at, by_key, metrics, report) -> AttitudeRow | None:
    problems = report.problem_count
    borough = by_key.get(name_key(cells[at["borough"]]))
    if borough is None:
        report.refuse(line, "borough", f"'{cells[at['borough']][:60]}' is not a London borough.")
    metric = cells[at["metric"]].strip()
    if metric not in metrics:
        report.refuse(
            line,
            "metric",
            f"'{metric[:60]}' is not one of the survey's measures ({', '.join(metrics)}).",
        )
    quarter = quarter_start(cells[at["quarter"]].strip())
    if quarter is None:
        report.refuse(
            line,
            "quarter",
            f"'{cells[at['quarter']][:20]}' is not a quarter "
            "written like Q3_1415 (October to December 2014).",
        )
    elif _day(cells[at["date"]]) != quarter:
        report.refuse(
            line,
            "date",
            f"'{cells[at['date']][:20]}' is not the first day of "
            f"{cells[at['quarter']].strip()} ({quarter:%-m/%-d/%Y}).",
        )
    try:
        proportion = Decimal(cells[at["metric_value"]].strip())
    except InvalidOperation:
        proportion = None
    if proportion is None or not proportion.is_finite() or not 0 <= proportion <= 1:
        report.refuse(
            line,
            "metric_value",
            f"'{cells[at['metric_value']][:20]}' is not a share between 0 and 1 (0.56 for 56%).",
        )
    if report.problem_count > problems:
        return None
    return AttitudeRow(line, borough, metric, quarter, proportion)


def _day(text: str) -> datetime.date | None:
    """M/D/YYYY, as the file writes its dates."""
    try:
        return datetime.datetime.strptime(text.strip(), "%m/%d/%Y").date()
    except ValueError:
        return None
