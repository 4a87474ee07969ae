"""What an import looks up and writes besides figures: areas, measures, years, history."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from boroughs.models import Area

from ..models import Figure, FigureVersion, FinancialYear, Measure
from ..rules import FigureKind, parse_financial_year

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
        """(pk, value, updated_at, reason, published, basis) of the stored figure, or None."""
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
                    "basis",
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
        pk, value, updated_at, reason, published, basis = found
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
            basis=basis,
        )
        figure._state.adding = False
        figure._state.db = Figure.objects.db
        figure.loaded_identity = figure.identity
        figure.stored_value = value
        figure.stored_basis = basis
        figure.was_published = published
        return figure


UPDATE_BATCH = 1000


def update_values(figures: list[Figure]) -> None:
    """Set each figure's value, basis and updated_at, many figures a statement (PostgreSQL,
    SQLite)."""
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
                figure.basis,
            ]
        rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH changed (id, value, updated_at, reason, basis) AS (VALUES {rows}) "
                f"UPDATE {table} SET value = changed.value, updated_at = changed.updated_at, "
                f"correction_reason = changed.reason, basis = changed.basis "
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
