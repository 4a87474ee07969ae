"""The police's published recorded crime, as published: editions, their monthly counts,
and the staff-kept map from the source's categories to the measure catalogue.

An edition's rows are never edited: a later edition is imported beside it, and what it
changes reaches the public as revisions through a release (docs/figures.md).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from boroughs.models import Area

from ..rules import TOTAL_CRIME, Unit
from .editions import PublishedEdition
from .figures import Measure


class Vocabulary(models.TextChoices):
    """The police name their categories differently in each family of files, and one name
    can mean different things in two of them ("Burglary in a Dwelling"), so the category
    map is kept per vocabulary."""

    MPS_2008 = "mps-2008", "Borough files to 2016 (Major Category, Minor Category)"
    MPS = "mps", "Borough and ward files since 2019 (MajorText, MinorText)"


class Layout(models.TextChoices):
    """The three layouts of the police's files (docs/figures.md, "Recorded crime")."""

    BOROUGH_2008 = "borough-2008", "Borough, 2008–2016 (Borough, Major Category, …)"
    BOROUGH = "borough", "Borough (MajorText, MinorText, BoroughName, …)"
    WARD = "ward", "Ward (MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, …)"

    @property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.MPS_2008 if self == Layout.BOROUGH_2008 else Vocabulary.MPS

    @property
    def level(self) -> str:
        return "ward" if self == Layout.WARD else "borough"

    @property
    def same_level(self) -> list["Layout"]:
        """The layouts whose editions combine with this one's: borough files with borough
        files, ward files with ward files."""
        return [layout for layout in Layout if layout.level == self.level]


class SourceCategory(models.Model):
    """A category of the police's recorded-crime files (major, minor), and the measure it
    counts towards; no measure means staff decided it feeds none (it still counts towards
    total crime, which takes every category)."""

    vocabulary = models.CharField(
        max_length=10,
        choices=Vocabulary.choices,
        default=Vocabulary.MPS_2008,
        help_text="The family of files whose names this entry reads.",
    )
    major = models.CharField("major category", max_length=100)
    minor = models.CharField("minor category", max_length=100)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_categories",
        help_text="Leave empty if this category counts towards no measure (it still counts "
        "towards total crime, which is every category).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["vocabulary", "major", "minor"]
        verbose_name = "recorded crime category"
        verbose_name_plural = "recorded crime category map"
        constraints = [
            # Files are matched to the map ignoring case: so is what makes an entry unique.
            models.UniqueConstraint(
                "vocabulary",
                Lower("major"),
                Lower("minor"),
                name="one_map_entry_per_vocabulary_category",
                violation_error_message="This category is already in the map.",
            )
        ]

    def __str__(self):
        return f"{self.major} › {self.minor}"

    @property
    def vocabulary_label(self) -> str:
        return Vocabulary(self.vocabulary).label

    def clean(self):
        measure = self.measure
        if measure is None:
            return
        if measure.slug == TOTAL_CRIME:
            raise ValidationError(
                {"measure": "Total crime is every category by rule: leave the measure empty."}
            )
        if measure.unit != Unit.OFFENCES:
            raise ValidationError(
                {"measure": "Recorded crime counts only towards an offence measure."}
            )
        if measure.parts.exists():
            raise ValidationError(
                {
                    "measure": f"{measure.name} is the sum of its parts: map the category to one "
                    "of them instead."
                }
            )


class CrimeEdition(PublishedEdition):
    """One edition of the police's recorded crime, as imported. Public once a release that
    covers every area and year publishes it (``release``)."""

    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.BOROUGH_2008)
    first_month = models.DateField()
    last_month = models.DateField()
    rows = models.PositiveIntegerField(help_text="Rows read from the file.")
    # Units in the file that are not boroughs (Unknown, the airports): stored, never in a
    # borough and not in London-wide totals.
    other_units = models.JSONField(default=list, blank=True)
    # Months the check found incomplete (["2024-03"]): stored as published, used for no
    # figure; an earlier edition's count for that month stands.
    incomplete_months = models.JSONField(default=list, blank=True)
    # The category map as this edition was read through it: [[major, minor, measure slug
    # or ""], …] for the categories it lists. What the public is told makes each measure.
    category_map = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-published_on"]
        verbose_name = "recorded crime edition"
        permissions = [("import_recorded_crime", "Can import recorded crime editions")]
        constraints = [
            models.UniqueConstraint(
                fields=["published_on", "layout"],
                name="one_edition_per_day_and_layout",
                violation_error_message="An edition of this layout and day is already imported.",
            )
        ]

    def __str__(self):
        return f"Recorded crime, edition of {self.day_text}"

    @property
    def publishes(self) -> str:
        """What a release of it makes public, as the review before publishing says."""
        return (
            f"the monthly counts of {self}: the borough pages' monthly trends and years to "
            "date, and the monthly downloads"
        )

    @property
    def layout_vocabulary(self) -> str:
        return Layout(self.layout).vocabulary


class EditionRow(models.Model):
    """One row of an edition's file, as published: a unit's offences of one category, month
    by month from the edition's first month. Kept a row, not a cell, a record: a ward file
    is 18,669 rows but 466,725 cells."""

    edition = models.ForeignKey(CrimeEdition, on_delete=models.CASCADE, related_name="source_rows")
    unit_name = models.CharField(
        max_length=100, help_text="The borough, ward or other unit, as published."
    )
    # A ward file's rows: the ward's GSS code (ward names repeat across boroughs).
    ward_code = models.CharField(max_length=9, blank=True)
    # The borough the unit is in; empty for a unit that is in none (Unknown, an airport):
    # kept out of every borough and out of London-wide totals.
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        SourceCategory, on_delete=models.PROTECT, related_name="source_rows"
    )
    # The counts, one a month from the edition's first_month, as the file gives them.
    counts = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "unit_name", "ward_code", "category"],
                name="one_row_per_edition_unit_category",
            ),
        ]
        # A ward's page reads its rows of each released ward edition.
        indexes = [models.Index(fields=["ward_code", "edition"], name="edition_row_ward")]

    def __str__(self):
        return f"{self.unit_name}, {self.category}: {len(self.counts)} months"

    def count_in(self, month: datetime.date) -> int | None:
        """The count of one month (its first day), or None outside the edition."""
        first = self.edition.first_month
        index = (month.year - first.year) * 12 + month.month - first.month
        return self.counts[index] if 0 <= index < len(self.counts) else None


class MonthlyMeasureCount(models.Model):
    """An edition's monthly count for a measure in a borough or London-wide (the sum of the
    32 boroughs), worked out with the category map at import: what the public reads."""

    edition = models.ForeignKey(
        CrimeEdition, on_delete=models.CASCADE, related_name="measure_counts"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["area", "measure", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "area", "measure", "month"],
                name="one_measure_count_per_edition_area_month",
            ),
        ]

    def __str__(self):
        return f"{self.area_id}, {self.measure_id}, {self.month:%B %Y}: {self.count}"


class SeriesBreak(models.Model):
    """A break in a series from a month on: counting rules changed, or offences moved
    elsewhere ("fraud moved to Action Fraud from April 2013"). Pages and downloads show
    its note beside any figure whose period spans it, and a change across it says it may
    not be comparable. It reaches the public only through a release, like a figure."""

    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series_breaks",
        help_text="The measure whose series breaks; or choose a source category instead.",
    )
    category = models.ForeignKey(
        SourceCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series_breaks",
        verbose_name="source category",
        help_text="A recorded crime category: the break applies to the measure it counts "
        "towards, and to total crime.",
    )
    from_month = models.DateField(
        "from the month of",
        help_text="The first month counted the new way. Any day of the month will do: the "
        "break is kept from the first.",
    )
    note = models.CharField(
        max_length=300,
        help_text='What changed, in plain words, e.g. "Fraud moved to Action Fraud".',
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_month"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False, category__isnull=True)
                | models.Q(measure__isnull=True, category__isnull=False),
                name="series_break_on_a_measure_or_a_category",
                violation_error_message="Choose a measure or a source category: one of the "
                "two, not both.",
            ),
            models.CheckConstraint(
                condition=models.Q(from_month__day=1),
                name="series_break_from_a_first_of_month",
                violation_error_message="A break is kept from the first day of its month.",
            ),
        ]

    def __str__(self):
        return f"{self.note} (from {self.from_month:%B %Y})"

    def clean(self):
        # Before the constraints are checked: any day of the month stands for its first.
        if self.from_month is not None:
            self.from_month = self.from_month.replace(day=1)


class EditionFetch(models.Model):
    """What ``fetch_recorded_crime`` last took from an address: enough to tell the police's
    next edition from the same file served again (its ETag, Last-Modified or content)."""

    url = models.URLField(max_length=500, unique=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_sha256 = models.CharField(max_length=64)
    fetched_at = models.DateTimeField(help_text="When the address was last asked.")
    changed_at = models.DateTimeField(help_text="When a new file was last taken from it.")
    edition = models.ForeignKey(
        CrimeEdition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "recorded crime fetch"

    def __str__(self):
        return self.url
