"""The category map (which source category counts towards which measure) as CSV."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from ..figures.files import NotValidCSV, RowProblem, reading_csv
from ..models import (
    Measure,
    SourceCategory,
    Vocabulary,
)
from .reading import CrimeFileError, decode

MAP_COLUMNS = ["vocabulary", "major_category", "minor_category", "measure"]
# Map files written before there was more than one vocabulary: all of the 2008–2016 one.
OLD_MAP_COLUMNS = MAP_COLUMNS[1:]


class CategoryMapError(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def export_category_map() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MAP_COLUMNS)
    for category in SourceCategory.objects.select_related("measure"):
        writer.writerow(
            [
                category.vocabulary,
                category.major,
                category.minor,
                category.measure.slug if category.measure else "",
            ]
        )
    return out.getvalue()


@transaction.atomic
def import_category_map(data: bytes) -> str:
    """Add or change the categories a map file lists; whole or nothing (CategoryMapError
    naming every bad line). Categories it does not list stay as they are."""
    try:
        text = decode(data)
    except CrimeFileError as error:
        raise CategoryMapError([RowProblem(1, "", str(error))]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        with reading_csv(reader):
            rows = list(enumerate(reader, start=1))
    except NotValidCSV as error:
        raise CategoryMapError([RowProblem(error.line, "", error.message)]) from None
    header = [c.strip().lower() for c in rows[0][1]] if rows else []
    if header not in (MAP_COLUMNS, OLD_MAP_COLUMNS):
        raise CategoryMapError(
            [RowProblem(1, "", "The header must be: " + ",".join(MAP_COLUMNS) + ".")]
        )
    measures = {m.slug: m for m in Measure.objects.prefetch_related("parts")}
    existing = {
        (c.vocabulary, c.major.lower(), c.minor.lower()): c for c in SourceCategory.objects.all()
    }
    problems, seen, wanted = [], {}, []
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                RowProblem(line, "", f"The row has {len(cells)} values, not {len(header)}.")
            )
            continue
        if header == OLD_MAP_COLUMNS:
            cells = [Vocabulary.MPS_2008, *cells]
        vocabulary, major, minor, slug = (c.strip() for c in cells)
        if vocabulary not in Vocabulary.values:
            problems.append(
                RowProblem(
                    line,
                    "vocabulary",
                    f"'{vocabulary[:30]}' is not a vocabulary: "
                    + " or ".join(Vocabulary.values)
                    + ".",
                )
            )
            continue
        if not major or not minor:
            problems.append(RowProblem(line, "", "Both the major and minor category are needed."))
            continue
        key = (vocabulary, major.lower(), minor.lower())
        if key in seen:
            problems.append(RowProblem(line, "", f"The same category as line {seen[key]}."))
            continue
        seen[key] = line
        measure = None
        if slug:
            measure = measures.get(slug)
            if measure is None:
                problems.append(RowProblem(line, "measure", f"'{slug}' is not in the catalogue."))
                continue
        category = existing.get(key) or SourceCategory(
            vocabulary=vocabulary, major=major, minor=minor
        )
        before = (category.pk, category.measure_id)
        category.measure = measure
        try:
            category.full_clean(validate_unique=False)
        except ValidationError as error:
            for message in error.messages:
                problems.append(RowProblem(line, "measure", message))
            continue
        wanted.append((category, before))
    if problems:
        raise CategoryMapError(problems)
    added = changed = unchanged = 0
    for category, (pk, measure_id) in wanted:
        if pk is None:
            added += 1
        elif measure_id == category.measure_id:
            unchanged += 1
            continue
        else:
            changed += 1
        category.save()
    return f"{added} added, {changed} changed, {unchanged} unchanged."
