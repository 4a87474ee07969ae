"""The measure catalogue, financial years and figures (drafts until released)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boroughs.models import Area

from ..rules import (
    FIRST_YEAR,
    LAST_YEAR,
    Basis,
    Better,
    FigureKind,
    MeasureSpec,
    TargetKind,
    Unit,
    value_problem,
    year_label,
    year_slug,
)


class Measure(models.Model):
    """A crime category or survey measure in the catalogue (docs/figures.md)."""

    slug = models.SlugField(
        max_length=60, unique=True, help_text="A stable identifier used in files and links."
    )
    name = models.CharField("name shown", max_length=120, unique=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    better = models.CharField("better when", max_length=6, choices=Better.choices)
    target_kind = models.CharField("target is", max_length=7, choices=TargetKind.choices)
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text="Where no result is entered for that measure, it is the sum of its parts.",
    )
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Measures are listed in this order, lowest first."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit=Unit.OFFENCES) & Q(target_kind=TargetKind.CHANGE))
                | (~Q(unit=Unit.OFFENCES) & ~Q(target_kind=TargetKind.CHANGE)),
                name="offence_measures_have_change_targets",
                violation_error_message=(
                    "An offence measure's target is a % change; a percent or points measure's "
                    "target is a level or a ceiling."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind=TargetKind.LEVEL, better=Better.LOWER)
                & ~Q(target_kind=TargetKind.CEILING, better=Better.HIGHER),
                name="level_means_higher_ceiling_means_lower",
                violation_error_message=(
                    "A level to reach means higher is better; a ceiling means lower is better."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def spec(self) -> MeasureSpec:
        return MeasureSpec(
            slug=self.slug,
            name=self.name,
            unit=self.unit,
            better=self.better,
            target_kind=self.target_kind,
        )

    def clean(self):
        # A figure's range is checked against its measure's unit in the database, so a
        # measure that already has figures keeps its unit.
        if self.pk:
            old_unit = Measure.objects.filter(pk=self.pk).values_list("unit", flat=True).first()
            if old_unit and old_unit != self.unit and self.figures.exists():
                raise ValidationError(
                    {"unit": "This measure has figures, so its unit cannot change."}
                )
        if self.part_of_id and self.part_of_id == self.pk:
            raise ValidationError({"part_of": "A measure cannot be part of itself."})


def _released_results(now=None):
    return Q(
        figures__kind=FigureKind.RESULT,
        figures__versions__release__release_at__lte=now or timezone.now(),
    )


class FinancialYearQuerySet(models.QuerySet):
    def with_results(self, now=None):
        """Years with a published result."""
        return self.filter(_released_results(now)).distinct()

    def with_published_figures(self, now=None):
        return self.filter(
            figures__versions__release__release_at__lte=now or timezone.now()
        ).distinct()

    def with_results_for(self, area, now=None):
        """Years with a published result for the area (London-wide: from any area)."""
        if area.is_london:
            return self.with_results(now)
        return self.filter(_released_results(now), figures__area=area).distinct()

    def get_by_slug(self, slug: str):
        """``2009-10`` → the year, or DoesNotExist."""
        from ..rules import parse_financial_year

        try:
            start = parse_financial_year(slug)
        except ValueError as error:
            raise self.model.DoesNotExist(str(error)) from error
        return self.get(start_year=start)


class FinancialYear(models.Model):
    """A police financial year, 1 April to 31 March, written 2009/10."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The calendar year in which it starts: 2009 for 2009/10."
    )

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, start_year__lte=LAST_YEAR),
                name="financial_year_in_range",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return year_label(self.start_year)

    @property
    def slug(self) -> str:
        return year_slug(self.start_year)

    def get_london_url(self):
        return reverse("performance:london", args=[self.slug])


class FigureStatus(models.TextChoices):
    """Where a figure stands against what the public sees."""

    DRAFT = "draft", "Draft: not yet published"
    PUBLISHED = "published", "Published"
    CHANGED = "changed", "Changed since publication"


class FigureQuerySet(models.QuerySet):
    def for_years(self, start_years):
        return self.filter(year__start_year__in=list(start_years))

    def for_areas(self, areas):
        return self.filter(area__in=list(areas))

    def as_entries(self):
        """Plain rows for the rules: (area code, measure slug, start year, kind, value)."""
        return self.values_list("area__code", "measure__slug", "year__start_year", "kind", "value")

    def for_figures_file(self):
        return self.select_related("area", "measure", "year").order_by(
            "area__kind", "area__name", "measure__position", "year__start_year", "kind"
        )


class Figure(models.Model):
    """One result, target or sample size for one area, measure and year.

    For an offence measure a target is the % change aimed for (−2.5 means a 2.5%
    reduction); otherwise it is the level or ceiling itself.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="figures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="figures")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="figures")
    kind = models.CharField("figure", max_length=11, choices=FigureKind.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    # The measure's unit, copied here so the database itself can hold each unit's range.
    unit = models.CharField(max_length=10, choices=Unit.choices, editable=False)
    # Set when a release first publishes it, and never unset: from then on what it is of
    # (area, measure, year, kind) is fixed, by the database too (migration 0005).
    ever_published = models.BooleanField(default=False, editable=False)
    basis = models.CharField(
        "how it is known",
        max_length=12,
        choices=Basis.choices,
        default=Basis.RECORDED,
        help_text="Recorded: as its source published it. Imputed: worked back from a published "
        "change. Assumed: a target nobody published. Illustrative: made up for a "
        "demonstration. Pages, downloads and the API say it.",
    )
    correction_reason = models.TextField(
        "reason for the change",
        blank=True,
        help_text="Needed when a published figure changes: shown with the correction once it "
        "is published.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FigureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "measure__position", "year", "kind"]
        permissions = [
            ("import_figures", "Can import figures files (as drafts)"),
            ("export_figures", "Can export figures files"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "measure", "year", "kind"],
                name="one_figure_per_area_measure_year_kind",
                violation_error_message=(
                    "There is already a figure of this kind for this area, measure and year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.OFFENCES, kind=FigureKind.RESULT) | Q(value__gte=0),
                name="offence_count_not_negative",
                violation_error_message="An offence count cannot be negative.",
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.OFFENCES, kind=FigureKind.TARGET) | Q(value__gte=-100),
                name="offence_target_not_below_minus_100",
                violation_error_message="A reduction target cannot be more than 100%%.",
            ),
            models.CheckConstraint(
                condition=Q(kind=FigureKind.SAMPLE_SIZE)
                | ~Q(unit=Unit.PERCENT)
                | Q(value__gte=0, value__lte=100),
                name="percentage_within_0_and_100",
                violation_error_message="A percentage must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(kind=FigureKind.SAMPLE_SIZE)
                | ~Q(unit=Unit.POINTS)
                | Q(value__gte=-100, value__lte=100),
                name="points_within_100",
                violation_error_message="A gap in percentage points must be between -100 and 100.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FigureKind.SAMPLE_SIZE)
                | (Q(value__gte=1) & ~Q(unit=Unit.OFFENCES)),
                name="sample_size_of_people_for_survey_measures",
                violation_error_message="A sample size is 1 or more people, for a survey-based "
                "measure (percent or points).",
            ),
        ]

    # What a figure is of. Published values are found through the figure, so once it has
    # been published these never change (the database refuses it too, migration 0005).
    IDENTITY_FIELDS = ("area", "measure", "year", "kind")

    def __str__(self):
        return f"{self.area} · {self.measure} · {self.year} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.sync_unit()
        super().save(*args, **kwargs)

    @property
    def illustrative(self) -> bool:
        return self.basis == Basis.ILLUSTRATIVE

    def sync_unit(self):
        if self.measure_id:
            self.unit = self.measure.unit

    def full_clean(self, *args, **kwargs):
        self.sync_unit()
        super().full_clean(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        figure = super().from_db(db, field_names, values)
        figure.loaded_identity = figure.identity
        return figure

    @property
    def identity(self) -> tuple:
        return (self.area_id, self.measure_id, self.year_id, self.kind)

    @property
    def status(self) -> str:
        """Draft, published, or changed since publication (with_publication_status)."""
        if not self.ever_released:
            return FigureStatus.DRAFT
        if self.published_value == self.value:
            return FigureStatus.PUBLISHED
        return FigureStatus.CHANGED

    @property
    def has_been_published(self) -> bool:
        return self.ever_published

    def clean(self):
        if self.pk is not None:
            self._check_identity_unchanged()
        # Checked here as well as in the database so that the error names the value field.
        if self.unit and self.kind and self.value is not None:
            problem = value_problem(self.unit, self.kind, self.value)
            if problem:
                raise ValidationError({"value": problem})

    def _check_identity_unchanged(self):
        loaded = getattr(self, "loaded_identity", None)
        if loaded is None:
            loaded = (
                Figure.objects.filter(pk=self.pk)
                .values_list("area_id", "measure_id", "year_id", "kind")
                .first()
            )
        if loaded is None or loaded == self.identity or not self.has_been_published:
            return
        message = (
            "This figure has been published, so what it is of cannot change. To correct it, "
            "withdraw it and enter a new figure."
        )
        raise ValidationError(
            {
                name: message
                for name, before, now in zip(
                    self.IDENTITY_FIELDS, loaded, self.identity, strict=True
                )
                if before != now
            }
        )
