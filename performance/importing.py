"""Reading and writing the figures file (docs/figures.md) with django-import-export.

``import_figures`` is the one code path for every import: the management
command uses it now and the admin's spreadsheet import shares the resource.
A file is imported whole or not at all: every row is validated inside one
transaction, and if any row is bad the transaction is rolled back and every bad
row is reported with its line number as an editor or spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from boroughs.models import Area

from .models import Figure, FinancialYear, Measure
from .rules import FigureKind, parse_financial_year, year_label

COLUMNS = ["area_code", "area_name", "measure", "year", "figure", "value"]
REQUIRED_COLUMNS = [c for c in COLUMNS if c != "area_name"]


# ---------------------------------------------------------------- widgets


class LookupWidget(widgets.Widget):
    """Finds a reference row by its identifier in a table loaded once per import."""

    def __init__(self, lookup, describe):
        super().__init__()
        self.lookup = lookup  # a callable: text → object, or KeyError
        self.describe = describe  # a callable: text → message for an unknown identifier

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            raise ValueError("This column is empty.")
        try:
            return self.lookup(text)
        except KeyError:
            raise ValueError(self.describe(text)) from None


class PlainDecimalWidget(widgets.Widget):
    """A number as the spec writes it (``1498``, ``-2.5``): never NaN, infinity or a comma."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            text = str(value)
        else:
            text = (value or "").strip()
        if not text:
            raise ValueError("There is no value.")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"Value '{text}' is not a number.") from None
        if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
            raise ValueError(f"Value '{text}' is not a number.")
        return number

    def render(self, value, obj=None, **kwargs):
        return plain_decimal(value)


def plain_decimal(value) -> str:
    """Decimal('1498.00') → '1498', Decimal('-2.50') → '-2.5'."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------- resource


class ReferenceTables:
    """Areas, measures and years, each read once per import rather than once per row."""

    def __init__(self):
        self.areas = {a.code: a for a in Area.objects.all()}
        self.measures = {m.slug: m for m in Measure.objects.all()}
        self.years = {y.start_year: y for y in FinancialYear.objects.all()}

    def area(self, code):
        return self.areas[code.upper()]

    def measure(self, slug):
        return self.measures[slug]

    def year(self, text):
        try:
            start = parse_financial_year(text)
        except ValueError:
            raise KeyError(text) from None
        if start not in self.years:
            # A year that does not exist yet is created by importing figures for it;
            # like every write here it is rolled back if the file has a bad row.
            self.years[start], _ = FinancialYear.objects.get_or_create(start_year=start)
        return self.years[start]


def describe_bad_year(text):
    try:
        parse_financial_year(text)
    except ValueError as error:
        return str(error)
    return f"Year '{text}' is not a financial year."


def figure_kind(text):
    if text.lower() not in FigureKind.values:
        raise KeyError(text)
    return text.lower()


def describe_bad_kind(text):
    return f"Figure '{text}' must be 'result' or 'target'."


class FigureLoader(BaseInstanceLoader):
    """Finds the figure each row replaces from one query for the file's years, not one a row.

    The figures come with their area, measure and year attached from the reference
    tables, so comparing a row with what is stored costs no further queries.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        tables = resource.tables
        years = {_year_key(text) for text in (dataset["year"] if dataset else [])}
        areas = {a.pk: a for a in tables.areas.values()}
        measures = {m.pk: m for m in tables.measures.values()}
        by_id = {y.pk: y for y in tables.years.values()}
        self.existing = {}
        for figure in Figure.objects.filter(
            year__start_year__in=[y for y in years if isinstance(y, int)]
        ):
            figure.area = areas[figure.area_id]
            figure.measure = measures[figure.measure_id]
            figure.year = by_id[figure.year_id]
            self.existing[(figure.area_id, figure.measure_id, figure.year_id, figure.kind)] = figure

    def get_instance(self, row):
        fields_ = self.resource.fields
        try:
            key = (
                fields_["area"].clean(row).pk,
                fields_["measure"].clean(row).pk,
                fields_["year"].clean(row).pk,
                fields_["kind"].clean(row),
            )
        except ValueError:
            # A bad identifier is reported by its field when the row is imported.
            return None
        return self.existing.get(key)


class FigureResource(resources.ModelResource):
    area = fields.Field(attribute="area", column_name="area_code")
    area_name = fields.Field(column_name="area_name", readonly=True)
    measure = fields.Field(attribute="measure", column_name="measure")
    year = fields.Field(attribute="year", column_name="year")
    kind = fields.Field(attribute="kind", column_name="figure")
    value = fields.Field(attribute="value", column_name="value", widget=PlainDecimalWidget())

    class Meta:
        model = Figure
        fields = ("area", "area_name", "measure", "year", "kind", "value")
        import_id_fields = ("area", "measure", "year", "kind")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        instance_loader_class = FigureLoader
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.line_numbers: list[int] = []
        self.duplicate_of: dict[int, int] = {}

    # ----- import

    def before_import(self, dataset, **kwargs):
        self.tables = tables = ReferenceTables()
        self.fields["area"].widget = LookupWidget(
            tables.area, lambda code: f"Unknown area code '{code}'."
        )
        self.fields["measure"].widget = LookupWidget(
            tables.measure, lambda slug: f"Unknown measure '{slug}'."
        )
        self.fields["year"].widget = LookupWidget(tables.year, describe_bad_year)
        self.fields["kind"].widget = LookupWidget(figure_kind, describe_bad_kind)
        self.duplicate_of = find_duplicates(dataset, self.line_numbers)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Validate with the model's own rules (Figure.clean: ranges by unit), in Python.

        The database's check and unique constraints hold the same rules; checking them
        row by row here would cost several queries a row. One figure per row is already
        ensured by the loader and the file's duplicate check.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        first = self.duplicate_of.get(kwargs.get("row_number"))
        if first:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                f"This row repeats line {first}: the file has two figures for the same "
                "area, measure, year and figure."
            )
        if errors:
            raise ValidationError(errors)

    # ----- export

    def dehydrate_area(self, figure):
        return figure.area.code

    def dehydrate_area_name(self, figure):
        return figure.area.name

    def dehydrate_measure(self, figure):
        return figure.measure.slug

    def dehydrate_year(self, figure):
        return year_label(figure.year.start_year)

    def dehydrate_kind(self, figure):
        return figure.kind

    def get_export_order(self):
        return ("area", "area_name", "measure", "year", "kind", "value")


def find_duplicates(dataset, line_numbers) -> dict[int, int]:
    """Row number → line of the earlier row with the same area, measure, year and figure."""
    seen: dict[tuple, int] = {}
    duplicates = {}
    if not set(REQUIRED_COLUMNS) <= set(dataset.headers or []):
        return duplicates
    for number, row in enumerate(dataset.dict, start=1):
        key = (
            (row["area_code"] or "").strip().upper(),
            (row["measure"] or "").strip(),
            _year_key(row["year"]),
            (row["figure"] or "").strip().lower(),
        )
        line = line_numbers[number - 1] if line_numbers else number + 1
        if key in seen:
            duplicates[number] = seen[key]
        else:
            seen[key] = line
    return duplicates


def _year_key(text):
    try:
        return parse_financial_year(text)
    except ValueError:
        return (text or "").strip()


# ---------------------------------------------------------------- reading files


class FiguresFileError(Exception):
    """The file as a whole cannot be read (encoding, header, shape)."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where[0].upper()}{where[1:]}: {self.message}"


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged

    def summary(self) -> str:
        counts = f"{self.new} new, {self.updated} changed, {self.unchanged} unchanged"
        if not self.ok:
            return f"Nothing was imported: {len(self.problems)} problem(s) found."
        if self.dry_run:
            return f"Dry run, nothing written. The file would give {counts}."
        return f"Imported {self.total} figures: {counts}."


def read_figures_csv(data: bytes) -> tuple[tablib.Dataset, list[int], list[RowProblem]]:
    """Parse a figures CSV into a dataset, keeping each row's line number in the file.

    Blank lines are skipped but still counted, so line numbers match an editor's.
    Rows with the wrong number of values come back as problems, the rest in the dataset.
    """
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
            raise FiguresFileError(
                "The file is empty. Its first line must be the header: " + ",".join(COLUMNS)
            )
        header = [h.strip().lower() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise FiguresFileError(
                f"The header has no {', '.join(repr(c) for c in missing)} column. "
                f"The first line must be: {','.join(COLUMNS)}"
            )
        repeated = [c for c, n in Counter(header).items() if n > 1]
        if repeated:
            raise FiguresFileError(f"The header names {', '.join(repeated)} more than once.")
        dataset = tablib.Dataset(headers=header)
        lines: list[int] = []
        shape_problems = []
        start_line = reader.line_num + 1
        for row in reader:
            line = start_line
            start_line = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                shape_problems.append(
                    RowProblem(
                        line, "", f"The row has {len(row)} values; the header has {len(header)}."
                    )
                )
                continue
            dataset.append(row)
            lines.append(line)
    except csv.Error as error:
        raise FiguresFileError(
            f"Line {reader.line_num}: the file is not valid CSV ({error})."
        ) from None
    return dataset, lines, shape_problems


def import_figures(
    dataset: tablib.Dataset,
    line_numbers: list[int],
    *,
    dry_run: bool = False,
    known_problems: list[RowProblem] = (),
) -> ImportReport:
    """Validate every row, then write them all, or nothing if any row is bad.

    ``known_problems`` are rows already found bad while reading the file: the rest
    are still validated, so that every bad row is reported at once, and nothing is written.
    """
    resource = FigureResource()
    resource.line_numbers = line_numbers
    result = resource.import_data(
        dataset,
        dry_run=dry_run or bool(known_problems),
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    report = ImportReport(dry_run=dry_run, problems=list(known_problems))
    column_of = {name: f.column_name for name, f in resource.fields.items()}

    def line_of(number):
        return line_numbers[number - 1] if line_numbers else number + 1

    for error in result.base_errors:
        report.problems.append(RowProblem(1, "", str(error.error)))
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = "" if name == NON_FIELD_ERRORS else column_of.get(name, name)
            for message in messages:
                report.problems.append(RowProblem(line_of(invalid.number), column, message))
    for number, errors in result.row_errors():
        for error in errors:
            report.problems.append(RowProblem(line_of(number), "", str(error.error)))
    report.problems.sort(key=lambda p: (p.line, p.column))
    totals = result.totals
    report.new = totals.get("new", 0)
    report.updated = totals.get("update", 0)
    report.unchanged = totals.get("skip", 0)
    return report


def import_figures_file(data: bytes, *, dry_run: bool = False) -> ImportReport:
    """Read and import a figures CSV; every problem comes back in the report, none raised."""
    try:
        dataset, lines, problems = read_figures_csv(data)
    except FiguresFileError as error:
        return ImportReport(problems=[RowProblem(1, "", str(error))], dry_run=dry_run)
    return import_figures(dataset, lines, dry_run=dry_run, known_problems=problems)


def export_figures_csv(queryset) -> str:
    """Figures in the figures format, which import_figures accepts back unchanged."""
    dataset = FigureResource().export(queryset.for_figures_file())
    return dataset.csv
