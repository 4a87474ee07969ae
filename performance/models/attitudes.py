"""What Londoners think of their police: the Public Attitude Survey by borough and quarter."""

from django.db import models
from django.db.models import Q

from boroughs.models import Area

from .editions import PublishedEdition
from .figures import Measure

# The survey's questions, as the catalogue names them, and the file's name for each.
ATTITUDE_METRICS = {
    "Good job": "good-job",
    "Fair treatment": "fair-treatment",
    "Trust MPS": "trust",
}


class AttitudeEdition(PublishedEdition):
    """One edition of the Mayor's Office for Policing and Crime's Public Attitude Survey by
    borough and quarter, as imported. Public once a release publishes it, like a recorded
    crime edition: only a release for every area and year does."""

    first_quarter = models.DateField(help_text="The first day of its first quarter.")
    last_quarter = models.DateField(help_text="The first day of its last quarter.")
    rows = models.PositiveIntegerField(help_text="Values read from the file.")

    class Meta:
        ordering = ["-published_on"]
        verbose_name = "attitude survey edition"
        permissions = [("import_attitudes", "Can import attitude survey editions")]
        constraints = [
            models.UniqueConstraint(
                fields=["published_on"],
                name="one_attitude_edition_per_day",
                violation_error_message="An attitude survey edition of this day is imported.",
            )
        ]

    def __str__(self):
        return f"Public Attitude Survey, edition of {self.day_text}"

    @property
    def publishes(self) -> str:
        """What a release of it makes public, as the review before publishing says."""
        return f"{self}: what people in each borough think, on its page and in the API"


class AttitudeValue(models.Model):
    """The share of a borough's residents agreeing, in one quarter, as an edition gives it
    (a proportion: 0.56 is 56%). MOPAC publishes no sample size, so no interval is made."""

    edition = models.ForeignKey(AttitudeEdition, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    quarter = models.DateField(help_text="The first day of the quarter (1 April for Q1).")
    proportion = models.DecimalField(max_digits=5, decimal_places=4)

    class Meta:
        ordering = ["area", "measure", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "area", "measure", "quarter"],
                name="one_attitude_value_per_edition_area_quarter",
            ),
            models.CheckConstraint(
                condition=Q(proportion__gte=0) & Q(proportion__lte=1),
                name="attitude_proportion_between_0_and_1",
                violation_error_message="A share is between 0 and 1.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__day=1) & Q(quarter__month__in=[1, 4, 7, 10]),
                name="attitude_quarter_is_a_quarters_first_day",
            ),
        ]
        indexes = [models.Index(fields=["area", "edition"], name="attitude_value_area")]

    def __str__(self):
        return f"{self.area_id}, {self.measure_id}, quarter from {self.quarter}: {self.proportion}"
