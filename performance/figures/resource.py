"""The figures file as django-import-export reads and writes it: one resource for all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export import fields, resources

from sitewide.spreadsheets import neutralise_formulae

from ..models import Figure
from ..rules import Basis, year_label
from .files import (
    REQUIRED_COLUMNS,
    FiguresFileError,
    RowProblem,
)
from .numbers import LookupWidget, PlainDecimalWidget, name_matches
from .tables import (
    VALUE_FIELD,
    BriefRowResult,
    FigureLoader,
    ReferenceTables,
    describe_bad_kind,
    describe_bad_year,
    figure_kind,
    record_history,
    update_values,
)

if TYPE_CHECKING:
    from .loading import ImportRun


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
        """A row is left alone when it gives a stored figure the value (and the basis) it
        already has."""
        if import_validation_errors or instance._state.adding:
            return False
        unchanged = instance.value == getattr(instance, "stored_value", None) and (
            instance.basis == getattr(instance, "stored_basis", instance.basis)
        )
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
        # How the figure is known travels with it (a download's value_basis); a file
        # without the column leaves a stored figure's basis as it is.
        basis = str(row.get("value_basis") or "").strip().lower()
        if basis in Basis.values:
            instance.basis = basis
        elif basis:
            errors.setdefault("value_basis", []).append(
                f"'{basis[:30]}' is not how a figure is known: recorded, imputed, assumed or "
                "illustrative."
            )
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
