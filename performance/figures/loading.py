"""Importing a figures file: whole or not at all, a chunk at a time, with a report."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.db import transaction

from ..models import Figure
from ..rules import year_label
from .files import (
    COLUMNS,
    NO_LIMITS,
    FigureRows,
    FiguresFileError,
    Limits,
    RowProblem,
)
from .numbers import plain_decimal
from .resource import FigureResource
from .tables import ReferenceTables, StoredFigures
from .workbooks import datasets, open_figures

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
        # Kept in the history's change reason, which holds 100 characters.
        self.change_reason = ("Imported from " + (file_name or "a file"))[:100]
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
            "value_basis",
            "target_basis",
            "released_on",
            "revised",
            "first_published",
            "first_published_on",
            "revision",
            "notes",
            "status",
            "confidence_low",
            "confidence_high",
            "rate_per_1000",
            "population",
            "population_source",
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
                f.basis,
                f.target_basis,
                f.released_on.isoformat(),
                "yes" if f.revised else "no",
                plain_decimal(f.first_published) if f.revised else "",
                f.first_published_on.isoformat() if f.revised else "",
                f.reason if f.revised else "",
                " ".join(f.notes),
                f.status,
                "" if f.interval_low is None else plain_decimal(f.interval_low),
                "" if f.interval_high is None else plain_decimal(f.interval_high),
                "" if f.rate is None else plain_decimal(f.rate.per_1000),
                "" if f.rate is None else f.rate.population.residents,
                "" if f.rate is None else f"{f.rate.population.source}, {f.rate.population.year}",
            ]
        )
    return out.getvalue()
