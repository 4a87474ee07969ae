"""Reading and writing the figures file (docs/figures.md) with django-import-export.

``import_figures_rows`` is the one code path for every import: the management
command, the admin's background import job and the demo data all use it, with
the same FigureResource. A file is read a chunk of rows at a time (memory stays
flat whatever its size) and imported whole or not at all: every row is
validated, the writes are made inside one transaction, and if any row is bad the
transaction is rolled back and every bad row is reported with its line number as
an editor or spreadsheet shows it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from boroughs.models import Area

from .figure_files import (
    COLUMNS,
    NO_LIMITS,
    REQUIRED_COLUMNS,
    FigureRows,
    FiguresFileError,
    Limits,
    RowProblem,
    datasets,
    open_figures,
)
from .models import Figure, FigureVersion, FinancialYear, Measure
from .rules import FigureKind, parse_financial_year, year_label

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


def name_key(name: str) -> str:
    """A name as compared with an area's: case, '&' for 'and', punctuation and 'London
    Borough of' do not matter."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split()
    text = " ".join(words)
    for prefix in ("london borough of ", "royal borough of "):
        text = text.removeprefix(prefix)
    return text


# Short forms the London-wide area goes by in files.
LONDON_SHORT_FORMS = {"london", "london wide", "metropolitan police", "mps", "met"}


def name_matches(area, name: str) -> bool:
    key = name_key(name)
    if key == name_key(area.name):
        return True
    return area.is_london and key in LONDON_SHORT_FORMS


class PlainDecimalWidget(widgets.Widget):
    """A number as the spec writes it (``1498``, ``-2.5``): never NaN, infinity or a comma."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            text = str(value)
        else:
            text = (value or "").strip()
        if not text:
            raise ValueError("There is no value.")
        if not isinstance(value, int | float | Decimal):
            refuse_unplain_number(text)
            if "." in text:  # 1498.000 is 1498: zeros after the point say nothing more
                text = text.rstrip("0").rstrip(".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"Value '{text}' is not a number.") from None
        if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
            raise ValueError(f"Value '{text}' is not a number.")
        return number

    def render(self, value, obj=None, **kwargs):
        # A number, not text, so a spreadsheet export keeps it a number: 1498, -2.5.
        return None if value is None else Decimal(plain_decimal(value))


PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def refuse_unplain_number(text: str) -> None:
    """The spec's numbers only: an optional minus, ASCII digits, an optional point and
    decimals. Anything else is refused with what is wrong with it, never guessed at."""
    if PLAIN_NUMBER.fullmatch(text):
        return
    if any(c.isdigit() and not c.isascii() for c in text):
        why = "it has digits that are not the plain 0 to 9"
    elif "," in text:
        why = "write it without a thousands separator"
    elif "_" in text:
        why = "write it without underscores"
    elif text.startswith("+"):
        why = "write it without a plus sign"
    elif "e" in text.lower() and any(c.isdigit() for c in text):
        why = "write it out in full, without an exponent"
    else:
        why = "write it as plain digits, with a point for decimals (1498, -2.5)"
    raise ValueError(f"Value '{text}' is not a plain number: {why}.")


# Thousands written with commas, as staff type them on a form: 1,903 or 19,500.5.
GROUPED_NUMBER = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")


def parse_typed_number(text: str) -> Decimal:
    """A number as staff type it into a box: the file format's plain numbers, or with commas
    between thousands (1,903). Anything else is refused, saying what is wrong, and never
    guessed at: a letter O typed for a zero is an error, not a digit to drop."""
    text = text.strip()
    if GROUPED_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if not PLAIN_NUMBER.fullmatch(text):
        letters = [c for c in text if c.isalpha() and c.lower() != "e"]
        if letters:
            raise ValueError(
                f"'{text}' is not a number: it has the letter {letters[0]} in it. "
                "Type the digits 0 to 9, like 1903 or 1,903."
            )
        if "," in text:
            raise ValueError(
                f"'{text}' has a comma out of place: commas may only separate thousands, "
                "as in 1,903. Use a point for decimals."
            )
        try:
            refuse_unplain_number(text)
        except ValueError as error:
            raise ValueError(str(error).removeprefix("Value ")) from None
    return Decimal(text)


def plain_decimal(value) -> str:
    """Decimal('1498.00') → '1498', Decimal('-2.50') → '-2.5'."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------- resource


# Read once: an enum's .values builds a new list each time it is asked, twice a row here.
FIGURE_KINDS = tuple(FigureKind.values)


class ReferenceTables:
    """Areas, measures and years, each read once per import rather than once per row."""

    def __init__(self, *, create_years: bool = True):
        self.areas = {a.code: a for a in Area.objects.all()}
        self.measures = {m.slug: m for m in Measure.objects.all()}
        self.years = {y.start_year: y for y in FinancialYear.objects.all()}
        self.create_years = create_years

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
            # like every write here it is rolled back if the file has a bad row. A check
            # that writes nothing (a dry run) takes it as new, unsaved.
            if self.create_years:
                self.years[start], _ = FinancialYear.objects.get_or_create(start_year=start)
            else:
                self.years[start] = FinancialYear(start_year=start)
        return self.years[start]

    def identity(self, area_code, slug, year, kind) -> int | None:
        """What a row is of (area, measure, year, figure) as one number, or None if any part
        is not known. Packed into bits: area and measure ids below 2**20, years below 2**16,
        and two bits for the figure (result, target or sample size)."""
        try:
            area = self.areas[(area_code or "").strip().upper()]
            measure = self.measures[(slug or "").strip()]
            start = parse_financial_year(year)
            kind_bit = FIGURE_KINDS.index((kind or "").strip().lower())
        except (KeyError, ValueError):
            return None
        return (((area.pk << 20 | measure.pk) << 16 | start) << 2) | kind_bit


def describe_bad_year(text):
    try:
        parse_financial_year(text)
    except ValueError as error:
        return str(error)
    return f"Year '{text}' is not a financial year."


def figure_kind(text):
    if text.lower() not in FIGURE_KINDS:
        raise KeyError(text)
    return text.lower()


def describe_bad_kind(text):
    return f"Figure '{text}' must be 'result', 'target' or 'sample_size'."


class StoredFigures:
    """The figures already stored for the years a file names, read once per year of the file
    (not once per row or per chunk), as plain values rather than model instances."""

    def __init__(self):
        self.by_year: dict[int, dict[tuple, tuple]] = {}

    def find(self, area, measure, year, kind) -> tuple | None:
        """(pk, value, updated_at, reason, published) of the stored figure, or None."""
        if year.pk is None:
            return None  # a year the file brings: nothing is stored for it yet
        if year.pk not in self.by_year:
            published = FigureVersion.objects.filter(figure=OuterRef("pk"))
            self.by_year[year.pk] = {
                (area_id, measure_id, kind_): rest
                for area_id, measure_id, kind_, *rest in Figure.objects.filter(year=year)
                .annotate(published=Exists(published))
                .values_list(
                    "area_id",
                    "measure_id",
                    "kind",
                    "pk",
                    "value",
                    "updated_at",
                    "correction_reason",
                    "published",
                )
            }
        return self.by_year[year.pk].get((area.pk, measure.pk, kind))


class FigureLoader(BaseInstanceLoader):
    """Finds the figure each row replaces among the stored figures, costing no query a row.

    The instance is made when its row is imported, with its area, measure and year taken
    from the reference tables.
    """

    def get_instance(self, row):
        fields_ = self.resource.fields
        try:
            area = fields_["area"].clean(row)
            measure = fields_["measure"].clean(row)
            year = fields_["year"].clean(row)
            kind = fields_["kind"].clean(row)
        except ValueError:
            # A bad identifier is reported by its field when the row is imported.
            return None
        found = self.resource.run.stored.find(area, measure, year, kind)
        if found is None:
            return None
        pk, value, updated_at, reason, published = found
        figure = Figure(
            pk=pk,
            area=area,
            measure=measure,
            year=year,
            kind=kind,
            value=value,
            unit=measure.unit,
            updated_at=updated_at,
            correction_reason=reason,
        )
        figure._state.adding = False
        figure._state.db = Figure.objects.db
        figure.loaded_identity = figure.identity
        figure.stored_value = value
        figure.was_published = published
        return figure


UPDATE_BATCH = 1000


def update_values(figures: list[Figure]) -> None:
    """Set each figure's value and updated_at, many figures a statement (PostgreSQL, SQLite)."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    for start in range(0, len(figures), UPDATE_BATCH):
        batch = figures[start : start + UPDATE_BATCH]
        params = []
        for figure in batch:
            params += [
                figure.pk,
                connection.ops.adapt_decimalfield_value(figure.value, 12, 2),
                connection.ops.adapt_datetimefield_value(figure.updated_at),
                figure.correction_reason,
            ]
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH changed (id, value, updated_at, reason) AS (VALUES {rows}) "
                f"UPDATE {table} SET value = changed.value, updated_at = changed.updated_at, "
                f"correction_reason = changed.reason "
                f"FROM changed WHERE {table}.id = changed.id",
                params,
            )


def record_history(figure_ids, history_type: str, *, user, reason: str) -> None:
    """Add the figures' change history as django-simple-history keeps it, copied in the
    database (INSERT … SELECT), a batch of figures a statement.

    Building a history object per figure in Python (bulk_history_create) took two thirds of
    a 100,000-row import's time; the rows written are the same.
    """
    history = Figure.history.model
    quote = connection.ops.quote_name
    copied = [f.column for f in Figure._meta.concrete_fields]
    stamps = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} "
        f"({', '.join(quote(c) for c in copied + stamps)}) "
        f"SELECT {', '.join(quote(c) for c in copied)}, %s, %s, %s, %s "
        f"FROM {quote(Figure._meta.db_table)} WHERE {quote('id')} IN "
    )
    stamp = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        history_type,
        getattr(user, "pk", None),
        reason,
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(figure_ids), UPDATE_BATCH):
            batch = figure_ids[start : start + UPDATE_BATCH]
            cursor.execute(insert + f"({', '.join(['%s'] * len(batch))})", stamp + batch)


VALUE_FIELD = Figure._meta.get_field("value")


class BriefRowResult(RowResult):
    """A row's result without the figure's name: import-export writes each figure's str()
    for a preview that this project does not show, at 40 µs a row."""

    def add_instance_info(self, instance):
        self.object_id = getattr(instance, "pk", None)


class FigureResource(resources.ModelResource):
    """One chunk of a figures file at a time, within an ImportRun that spans the whole file."""

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
        instance_loader_class = FigureLoader
        clean_model_instances = True
        # Rows are validated one by one, then written in batches inside the import's one
        # transaction (bulk_create and bulk_update), without a savepoint or save() per row.
        # So the model's save() and its signals do not run on import: whatever must happen
        # when a figure changes (its unit, updated_at) is done here, in before_save_instance.
        use_bulk = True
        batch_size = 2000
        # The comparison that skips unchanged rows is skip_row's own (value against the
        # stored value), so no per-row copy and diff is kept.
        skip_diff = True
        report_skipped = False

    def get_row_result_class(self):
        return BriefRowResult

    def __init__(self, run: ImportRun | None = None, **kwargs):
        super().__init__(**kwargs)
        self.run = run
        self.line_numbers: list[int] = []
        self.known_problems: list[RowProblem] = []
        self.duplicate_of: dict[int, int] = {}

    # ----- import

    def line_of(self, row_number: int) -> int:
        """A chunk's row number (1 for its first figure) → its line in the file."""
        if self.line_numbers and row_number <= len(self.line_numbers):
            return self.line_numbers[row_number - 1]
        return row_number + 1

    def before_import(self, dataset, **kwargs):
        self.line_numbers = list(getattr(dataset, "line_numbers", []))
        self.known_problems = list(getattr(dataset, "known_problems", []))
        missing = [c for c in REQUIRED_COLUMNS if c not in (dataset.headers or [])]
        if missing:
            raise FiguresFileError(
                f"The header has no {', '.join(repr(c) for c in missing)} column."
            )
        tables = self.run.tables
        self.fields["area"].widget = LookupWidget(
            tables.area, lambda code: f"Unknown area code '{code}'."
        )
        self.fields["measure"].widget = LookupWidget(
            tables.measure, lambda slug: f"Unknown measure '{slug}'."
        )
        self.fields["year"].widget = LookupWidget(tables.year, describe_bad_year)
        self.fields["kind"].widget = LookupWidget(figure_kind, describe_bad_kind)
        self.duplicate_of = find_duplicates(dataset, self.line_of, self.run.seen, tables)

    def after_import(self, dataset, result, **kwargs):
        """Attach every problem to the result as (line, column, reason), sorted by line."""
        super().after_import(dataset, result, **kwargs)
        result.problems = sorted(self.known_problems + self.problems_in(result))

    def problems_in(self, result) -> list[RowProblem]:
        file_errors = [e.error for e in result.base_errors if isinstance(e.error, FiguresFileError)]
        if file_errors:
            # With a bad header every row fails for the same reason: report the reason once.
            return [RowProblem(1, "", str(error)) for error in file_errors]
        column_of = {name: f.column_name for name, f in self.fields.items()}
        problems = [
            RowProblem(1, "", f"The file cannot be imported: {e.error}") for e in result.base_errors
        ]
        for invalid in result.invalid_rows:
            for name, messages in invalid.error_dict.items():
                column = "" if name == NON_FIELD_ERRORS else column_of.get(name, name)
                problems += [RowProblem(self.line_of(invalid.number), column, m) for m in messages]
        for number, errors in result.row_errors():
            problems += [RowProblem(self.line_of(number), "", str(e.error)) for e in errors]
        return problems

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row is left alone when it gives a stored figure the value it already has."""
        if import_validation_errors or instance._state.adding:
            return False
        unchanged = instance.value == getattr(instance, "stored_value", None)
        if unchanged:
            self.run.figure_ids.append(instance.pk)
        return unchanged

    def before_save_instance(self, instance, row, **kwargs):
        instance.sync_unit()
        instance.updated_at = timezone.now()
        if not instance._state.adding and self.run.correction_reason:
            instance.correction_reason = self.run.correction_reason
        self.run.note_change(instance, self.line_of(kwargs.get("row_number") or 0))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()  # a check writes nothing at all
            return
        created = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        if created:
            ids = [figure.pk for figure in created]
            self.run.figure_ids += ids
            # bulk_create sends no signals, so the change history is written here.
            record_history(ids, "+", user=self.run.user, reason=self.run.change_reason)

    def get_bulk_update_fields(self):
        return ["value", "updated_at"]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write changed values with one UPDATE … FROM a list of values per batch.

        Django's bulk_update builds a CASE expression per batch, which took 45 s for
        100,000 changed figures (bench/import_figures.py); this takes a few seconds.
        """
        if dry_run:
            self.update_instances.clear()
            return
        if self.update_instances:
            try:
                update_values(self.update_instances)
                ids = [figure.pk for figure in self.update_instances]
                self.run.figure_ids += ids
                record_history(ids, "~", user=self.run.user, reason=self.run.change_reason)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Validate with the model's own rules, in Python: the value field's (digits and
        decimal places) and Figure.clean's (ranges by unit; what a published figure is of).

        Only what a file can get wrong is checked. The area, measure, year and kind came
        from the reference tables and the widgets, so they exist and are valid; the unit is
        the measure's. The database's check and unique constraints hold the same rules;
        checking them row by row here would cost several queries a row. One figure per row
        is already ensured by the loader and the file's duplicate check.
        """
        errors = dict(import_validation_errors or {})
        instance.sync_unit()
        if "value" not in errors:
            try:
                VALUE_FIELD.run_validators(instance.value)
            except ValidationError as error:
                errors["value"] = error.messages
        if "value" not in errors:
            try:
                instance.clean()
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
        name = str(row.get("area_name") or "").strip()
        if name and instance.area_id is not None and not name_matches(instance.area, name):
            errors.setdefault("area_name", []).append(
                f"The name '{name}' is not the name of area {instance.area.code} "
                f"({instance.area.name}). Check the file's rows have not shifted."
            )
        allowed = self.run.allowed_area_ids
        if allowed is not None and instance.area_id is not None and instance.area_id not in allowed:
            errors.setdefault("area", []).append(
                "You can import figures only for the boroughs you edit."
            )
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

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        return neutralise_formulae(dataset)


# A spreadsheet runs a text cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulae(dataset: tablib.Dataset) -> tablib.Dataset:
    """Prefix text cells a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers (-2.5 is a number, not text); only text is changed.
    """
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append(
            [
                f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                for cell in row
            ]
        )
    return safe


def find_duplicates(dataset, line_of, seen: dict, tables: ReferenceTables) -> dict[int, int]:
    """Row number → line of the earlier row with the same area, measure, year and figure.

    ``seen`` holds the identities of rows already read (earlier chunks' too), so a repeat
    is found anywhere in the file. Each identity is kept as one small number, not as the
    row's text: a 100,000-row file then costs a few megabytes here, not forty. A row whose
    identity cannot be read is reported for that, not as a repeat.
    """
    duplicates = {}
    if not set(REQUIRED_COLUMNS) <= set(dataset.headers or []):
        return duplicates
    for number, row in enumerate(dataset.dict, start=1):
        key = tables.identity(row["area_code"], row["measure"], row["year"], row["figure"])
        if key is None:
            continue
        if key in seen:
            duplicates[number] = seen[key]
        else:
            seen[key] = line_of(number)
    return duplicates


# ---------------------------------------------------------------- importing


# Problems listed in a report (all are counted): enough to fix a file by, few enough that
# a file of nothing but bad rows does not become a report as long as itself.
MAX_LISTED_PROBLEMS = 1000
# Changes listed in a preview (all are counted).
MAX_LISTED_CHANGES = 200
# Rows validated and written at a time.
CHUNK_ROWS = 2000


@dataclass(frozen=True)
class Change:
    """One figure a file adds or changes, for the preview staff confirm."""

    line: int
    area: str
    measure: str
    year: str
    kind: str
    old: Decimal | None
    new: Decimal
    published: bool

    @property
    def is_correction(self) -> bool:
        """A published figure given a new value: publishing it will need a reason."""
        return self.published and self.old is not None


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    dry_run: bool = False
    figure_ids: list[int] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    corrections: int = 0
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def unlisted_problems(self) -> int:
        return self.problem_count - len(self.problems)

    def summary(self) -> str:
        counts = f"{self.new} new, {self.updated} changed, {self.unchanged} unchanged"
        if not self.ok:
            return f"Nothing was imported: {self.problem_count} problem(s) found."
        if self.dry_run:
            return f"Dry run, nothing written. The file would give {counts}."
        return f"Imported {self.total} figures: {counts}."


class ImportRun:
    """What one import shares across its chunks: reference tables, stored figures, the rows
    seen (for repeats), and the report it adds up."""

    def __init__(
        self,
        *,
        dry_run: bool,
        user=None,
        correction_reason: str = "",
        file_name: str = "",
        allowed_area_ids=None,
    ):
        self.dry_run = dry_run
        self.user = user
        self.correction_reason = correction_reason
        self.change_reason = "Imported from " + (file_name or "a file")
        # None: any area. A Borough editor's import: only their boroughs.
        self.allowed_area_ids = allowed_area_ids
        self.tables = ReferenceTables(create_years=not dry_run)
        self.stored = StoredFigures()
        self.seen: dict[int, int] = {}
        self.figure_ids: list[int] = []
        self.report = ImportReport(dry_run=dry_run, figure_ids=self.figure_ids)

    def add_problems(self, problems) -> None:
        self.report.problem_count += len(problems)
        room = MAX_LISTED_PROBLEMS - len(self.report.problems)
        self.report.problems += problems[: max(room, 0)]

    def note_change(self, figure: Figure, line: int) -> None:
        adding = figure._state.adding
        published = not adding and getattr(figure, "was_published", False)
        self.report.corrections += int(published)
        if len(self.report.changes) < MAX_LISTED_CHANGES:
            self.report.changes.append(
                Change(
                    line=line,
                    area=figure.area.name,
                    measure=figure.measure.name,
                    year=figure.year.label,
                    kind=figure.get_kind_display(),
                    old=None if adding else figure.stored_value,
                    new=figure.value,
                    published=published,
                )
            )

    def import_chunk(self, dataset: tablib.Dataset) -> None:
        resource = FigureResource(run=self)
        # Once a problem is found nothing will be written: the rest is only checked.
        result = resource.import_data(
            dataset,
            dry_run=self.dry_run or not self.report.ok,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        self.add_problems(result.problems)
        totals = result.totals
        self.report.new += totals.get("new", 0)
        self.report.updated += totals.get("update", 0)
        self.report.unchanged += totals.get("skip", 0)
        if dataset.line_numbers:
            self.report.rows_read = dataset.line_numbers[-1] - 1


def import_figures_rows(
    figure_rows: FigureRows,
    *,
    dry_run: bool = False,
    user=None,
    correction_reason: str = "",
    file_name: str = "",
    allowed_area_ids=None,
    progress=None,
) -> ImportReport:
    """Validate every row, then write them all, or nothing if any row is bad.

    Rows are read and imported ``CHUNK_ROWS`` at a time. A dry run writes nothing at all
    and runs outside any transaction, so ``progress(report)``, called after each chunk,
    may record how far it has got; a real import is one transaction, rolled back if any
    row is bad. Imported figures are drafts until published. ``correction_reason`` is
    recorded on published figures the file changes; ``user`` is named in their history.
    """
    run = ImportRun(
        dry_run=dry_run,
        user=user,
        correction_reason=correction_reason,
        file_name=file_name,
        allowed_area_ids=allowed_area_ids,
    )
    with contextlib.nullcontext() if dry_run else transaction.atomic():
        try:
            for dataset in datasets(figure_rows, CHUNK_ROWS):
                run.import_chunk(dataset)
                if progress is not None:
                    progress(run.report)
        except FiguresFileError as error:
            # A limit crossed, or the file unreadable part-way: nothing of it is kept.
            run.add_problems([RowProblem(1, "", str(error))])
        if run.report.ok and run.report.total == 0:
            run.add_problems(
                [
                    RowProblem(
                        1, "", "The file has no figure rows: only a header. Nothing to import."
                    )
                ]
            )
        if not dry_run and not run.report.ok:
            transaction.set_rollback(True)
    if dry_run or not run.report.ok:
        run.figure_ids.clear()  # nothing was written
    return run.report


def import_figures_file(
    source,
    name: str = "figures.csv",
    *,
    dry_run: bool = False,
    limits: Limits = NO_LIMITS,
    user=None,
    correction_reason: str = "",
    allowed_area_ids=None,
    progress=None,
) -> ImportReport:
    """Read and import a figures file (bytes or a binary file); every problem comes back in
    the report, none raised."""
    try:
        figure_rows = open_figures(source, name, limits)
    except FiguresFileError as error:
        report = ImportReport(dry_run=dry_run)
        report.problems, report.problem_count = [RowProblem(1, "", str(error))], 1
        return report
    return import_figures_rows(
        figure_rows,
        dry_run=dry_run,
        user=user,
        correction_reason=correction_reason,
        file_name=name,
        allowed_area_ids=allowed_area_ids,
        progress=progress,
    )


def export_figures_csv(figures) -> str:
    """Figures (a queryset, or a list of figures) in the figures format, which
    import_figures accepts back unchanged."""
    if hasattr(figures, "for_figures_file"):
        figures = figures.for_figures_file()
    return FigureResource().export(figures).csv


def published_figures_csv(figures) -> str:
    """Released figures (public.PublishedFigure) for the public downloads: the figures
    format, then read-only columns describing each value, which import ignores
    (docs/figures.md), so a download imports back unchanged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            *COLUMNS,
            "illustrative",
            "released_on",
            "revised",
            "first_published",
            "first_published_on",
            "revision",
            "notes",
            "status",
            "confidence_low",
            "confidence_high",
        ]
    )
    for f in figures:
        writer.writerow(
            [
                f.area.code,
                f.area.name,
                f.measure.slug,
                year_label(f.year.start_year),
                f.kind,
                plain_decimal(f.value),
                "yes" if f.illustrative else "no",
                f.released_on.isoformat(),
                "yes" if f.revised else "no",
                plain_decimal(f.first_published) if f.revised else "",
                f.first_published_on.isoformat() if f.revised else "",
                f.reason if f.revised else "",
                " ".join(f.notes),
                f.status,
                "" if f.interval_low is None else plain_decimal(f.interval_low),
                "" if f.interval_high is None else plain_decimal(f.interval_high),
            ]
        )
    return out.getvalue()
