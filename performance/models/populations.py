"""How many people live in each borough: what rates per 1,000 residents divide by."""

from django.db import models
from django.db.models import Q

from boroughs.models import Area, AreaKind


class PopulationEstimate(models.Model):
    """A borough's residents in one year, from a named source (the Census, a mid-year
    estimate). Staff enter them; the public read them only through a release
    (ContentKind.POPULATION), like every other figure."""

    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": AreaKind.BOROUGH},
    )
    year = models.PositiveSmallIntegerField(
        help_text="The year the count is for: 2021 for the Census of March 2021."
    )
    population = models.PositiveIntegerField(help_text="Usual residents.")
    source = models.CharField(
        max_length=200,
        help_text='Where it comes from, as the public will read it: "ONS Census 2021 (TS007A)".',
    )

    class Meta:
        ordering = ["area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_population_per_area_year"),
            models.CheckConstraint(
                condition=Q(population__gt=0),
                name="population_is_positive",
                violation_error_message="A population is more than nobody.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="population_year_is_plausible",
                violation_error_message="Give the year as four digits, like 2021.",
            ),
        ]

    def __str__(self):
        return f"{self.area}, {self.year}: {self.population:,} ({self.source})"
