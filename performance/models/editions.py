"""What every edition of a published source has, whoever publishes it (the police's recorded
crime, MOPAC's attitude survey)."""

from django.conf import settings
from django.db import models

from .releases import Release


class PublishedEdition(models.Model):
    """An edition as imported: the day its publisher published it, the file, who imported it,
    and the release that made it public (none until then)."""

    published_on = models.DateField(
        "edition of", help_text="The day its publisher published this edition."
    )
    # The copies of some editions do not record their day: the first day of the month
    # after their last month stands for it, and every page says it is approximate.
    published_on_is_approximate = models.BooleanField("day approximate", default=False)
    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="%(class)ss",
    )
    release_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-published_on"]

    @property
    def day_text(self) -> str:
        """ "1 October 2023", or "about 1 October 2023" where the day is not recorded."""
        day = f"{self.published_on:%-d %B %Y}"
        return f"about {day}" if self.published_on_is_approximate else day
