"""Publication: releases, and what each made public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from boroughs.models import Area

from .figures import BoroughSummary, Figure, FinancialYear, LondonSummary


class PublishedVia(models.TextChoices):
    ADMIN = "admin", "the admin"
    COMMAND = "command", "a command on the server"


class ReleaseQuerySet(models.QuerySet):
    def released(self, now=None):
        return self.filter(release_at__lte=now or timezone.now())


class Release(models.Model):
    """A publication: figures and words for a year (one area, or every area) made public.

    Nothing in a release is public before ``release_at``. Who published it and how
    are recorded; a release made by a command names the person with ``--as``.
    """

    year = models.ForeignKey(
        FinancialYear,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        help_text="Empty when the release covers several years (an import published at once).",
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        help_text="Empty for every area.",
    )
    release_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_via = models.CharField(max_length=10, choices=PublishedVia.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-release_at", "-pk"]

    def __str__(self):
        where = self.area.name if self.area_id else "every area"
        when = timezone.localtime(self.release_at).strftime("%d %b %Y %H:%M")
        return f"{self.year or 'Several years'}, {where}, released {when}"


class FigureVersionQuerySet(models.QuerySet):
    def released(self, now=None):
        return self.filter(release__release_at__lte=now or timezone.now())

    def for_years(self, start_years):
        return self.filter(figure__year__start_year__in=list(start_years))

    def for_areas(self, areas):
        return self.filter(figure__area__in=list(areas))

    def latest_first(self):
        return self.order_by("figure_id", "-release__release_at", "-release_id")

    def corrections(self):
        """Versions that replaced an earlier published value."""
        return self.filter(previous_value__isnull=False)


class FigureVersion(models.Model):
    """A figure's value as published in one release. The public sees the latest released one."""

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="versions")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="figure_versions")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    previous_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True)

    objects = FigureVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figure", "release"], name="one_version_per_release"),
            models.CheckConstraint(
                condition=Q(previous_value__isnull=True) | ~Q(reason=""),
                name="a_correction_gives_its_reason",
                violation_error_message="A correction to a published figure needs a reason.",
            ),
        ]

    def __str__(self):
        return f"{self.figure}: {self.value} ({self.release})"


class SummaryVersion(models.Model):
    """The words of a borough or London-wide summary as published in one release."""

    borough_summary = models.ForeignKey(
        BoroughSummary, on_delete=models.CASCADE, null=True, blank=True, related_name="versions"
    )
    london_summary = models.ForeignKey(
        LondonSummary, on_delete=models.CASCADE, null=True, blank=True, related_name="versions"
    )
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="summary_versions")
    data = models.JSONField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(borough_summary__isnull=True, london_summary__isnull=False)
                | Q(borough_summary__isnull=False, london_summary__isnull=True),
                name="summary_version_of_one_summary",
            )
        ]

    def __str__(self):
        return f"{self.borough_summary or self.london_summary} ({self.release})"
