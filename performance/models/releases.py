"""Publication: releases, and what each made public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from boroughs.models import Area

from ..rules import Basis, FigureKind
from .figures import Figure, FigureStatus, FinancialYear
from .words import BoroughSummary, LondonSummary


class PublishedVia(models.TextChoices):
    ADMIN = "admin", "the admin"
    COMMAND = "command", "a command on the server"


class ReleaseQuerySet(models.QuerySet):
    def released(self, now=None):
        return self.filter(release_at__lte=now or timezone.now())

    def latest_series_breaks(self):
        """The series breaks of the latest of these releases, as a query of one value
        (empty when there is no release): to iterate, or as a subquery."""
        return self.order_by("-release_at", "-pk").values_list("series_breaks", flat=True)[:1]


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
    reason = models.TextField(
        "why it is published",
        blank=True,
        help_text="Shown with every figure this release withdraws, and in the list of releases.",
    )
    # How many public outcomes it made new, revised and withdrawn.
    counts = models.JSONField(default=dict, blank=True)
    # The series breaks known when it was published, as pages show them beside months
    # (rules.SeriesBreakNote as JSON): a break reaches the public only through a release.
    series_breaks = models.JSONField(default=list, blank=True)
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
        return self.filter(release_at__lte=now or timezone.now())

    def for_areas(self, areas):
        return self.filter(area__in=list(areas))

    def latest_first(self):
        """Each figure's versions, latest first: the first of each key is the public one."""
        return self.order_by("area_id", "measure_id", "year_id", "kind", "-release_at", "-pk")


class FigureVersion(models.Model):
    """A figure's value as published in one release; no value means the release withdrew it.

    It names what the figure is of itself, so that a figure deleted later keeps its
    published history, and its withdrawal is published like any other change.
    """

    figure = models.ForeignKey(
        Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions"
    )
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="figure_versions")
    release_at = models.DateTimeField()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey("Measure", on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=11, choices=FigureKind.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    previous_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True)
    basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.RECORDED)

    objects = FigureVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "area", "measure", "year", "kind"],
                name="one_version_of_a_figure_per_release",
            ),
            models.CheckConstraint(
                condition=Q(previous_value__isnull=True) | ~Q(reason=""),
                name="a_correction_gives_its_reason",
                violation_error_message="A correction to a published figure needs a reason.",
            ),
        ]
        indexes = [models.Index(fields=["area", "year", "release_at"])]

    def __str__(self):
        return f"{self.area} · {self.measure} · {self.year} · {self.kind}: {self.value}"

    @property
    def illustrative(self) -> bool:
        return self.basis == Basis.ILLUSTRATIVE


class SummaryVersion(models.Model):
    """The words of a borough or London-wide summary as published in one release."""

    borough_summary = models.ForeignKey(
        BoroughSummary, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions"
    )
    london_summary = models.ForeignKey(
        LondonSummary, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions"
    )
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="summary_versions")
    release_at = models.DateTimeField()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["area", "year", "release_at"])]

    def __str__(self):
        return f"{self.area} {self.year} words ({self.release})"


class ContentKind(models.TextChoices):
    GROUPS = "groups", "engagement groups"
    CONTACTS = "contacts", "useful contacts"
    POPULATION = "population", "population estimates"


class ContentVersion(models.Model):
    """A borough's engagement groups or contacts (no borough: the pan-London contacts) as
    published in one release."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="content_versions")
    release_at = models.DateTimeField()
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ContentKind.choices)
    data = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["area", "kind", "release_at"])]

    def __str__(self):
        return f"{self.area or 'pan-London'} {self.kind} ({self.release})"


class ReleasedOutcomeQuerySet(models.QuerySet):
    def released(self, as_of=None):
        return self.filter(release_at__lte=as_of or timezone.now())

    def latest_first(self):
        """The first row of each (area, year, measure) is its public one."""
        return self.order_by("area_id", "year_id", "measure_id", "-release_at", "-pk")

    def definitions(self) -> dict[int, dict]:
        """Each measure's definition as the latest of these rows froze it, by measure id."""
        found = {}
        for row in self.order_by("measure_id", "-release_at", "-pk").values(
            "measure_id",
            "measure_name",
            "measure_slug",
            "unit",
            "better",
            "target_kind",
            "position",
        ):
            if row["measure_id"] not in found:
                found[row["measure_id"]] = {
                    "name": row["measure_name"],
                    "slug": row["measure_slug"],
                    "unit": row["unit"],
                    "better": row["better"],
                    "target_kind": row["target_kind"],
                    "position": row["position"],
                }
        return found


class ReleasedOutcome(models.Model):
    """One public outcome (an area, year and measure) as a release computed and froze it.

    Everything the public reads of it is here, worked out when it was released: the
    values, the change, the status, the words, and the measure's definition at the time.
    So what staff change later, a figure, a measure, a rule, reaches the public only in
    the next release, which stores the outcomes it changes as new rows: an outcome whose
    numbers differ from its last release's is marked revised, with the cause.
    """

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="outcomes")
    release_at = models.DateTimeField()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey("Measure", on_delete=models.PROTECT, related_name="+")
    # The release took this outcome off the public site (its figures were withdrawn).
    withdrawn = models.BooleanField(default=False)
    # The measure as defined when this was released.
    measure_name = models.CharField(max_length=120)
    measure_slug = models.CharField(max_length=60)
    unit = models.CharField(max_length=10)
    better = models.CharField(max_length=6)
    target_kind = models.CharField(max_length=7)
    position = models.PositiveSmallIntegerField(default=100)
    # The numbers.
    result = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    previous = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    change = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    change_percent = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=20)
    # A survey estimate's 95% confidence interval, and the sample size(s) it comes from.
    interval_low = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    interval_high = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    sample_sizes = models.JSONField(default=list, blank=True)
    # The words, as the page shows them.
    reason = models.TextField(blank=True)
    result_text = models.TextField(blank=True)
    target_text = models.TextField(blank=True)
    statement = models.TextField(blank=True)
    # The outcome in plain words, as the page opens with it.
    verdict = models.TextField(blank=True)
    priority = models.TextField(blank=True)
    derived_from = models.CharField(max_length=60, blank=True)
    coverage = models.CharField(max_length=200, blank=True)
    notes = models.JSONField(default=list, blank=True)
    # How its result (and the figures it rests on) and its target are known; no target,
    # no target basis.
    value_basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.RECORDED)
    target_basis = models.CharField(max_length=12, choices=Basis.choices, blank=True)
    # A revision: what it was when first published, and why it changed.
    revised = models.BooleanField(default=False)
    revision = models.TextField(blank=True)
    first_published = models.JSONField(default=dict, blank=True)
    # The figures it was computed from, so the next release can say what caused a change.
    inputs = models.JSONField(default=dict, blank=True)

    objects = ReleasedOutcomeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "area", "year", "measure"], name="one_outcome_per_release"
            ),
            models.CheckConstraint(
                condition=Q(revised=False) | ~Q(revision=""),
                name="a_revised_outcome_says_why",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "year", "release_at"]),
            models.Index(fields=["year", "measure", "release_at"]),
        ]

    def __str__(self):
        return f"{self.area} · {self.measure_name} · {self.year} ({self.release})"

    @property
    def illustrative(self) -> bool:
        return Basis.ILLUSTRATIVE in (self.value_basis, self.target_basis)


def with_publication_status(figures):
    """Each figure with ``published_value`` (what the latest release, scheduled or not,
    says of the same area, measure, year and kind; None when withdrawn or never
    published) and ``ever_released`` (any release has it), for its status."""
    versions = FigureVersion.objects.filter(
        area=models.OuterRef("area"),
        measure=models.OuterRef("measure"),
        year=models.OuterRef("year"),
        kind=models.OuterRef("kind"),
    )
    return figures.annotate(
        published_value=models.Subquery(
            versions.order_by("-release_at", "-pk").values("value")[:1]
        ),
        ever_released=models.Exists(versions),
    )


def figures_of_status(figures, status: str):
    """Figures of one publication status (FigureStatus), their status worked out as
    with_publication_status does."""
    figures = with_publication_status(figures)
    if status == FigureStatus.DRAFT:
        return figures.filter(ever_released=False)
    same = Q(published_value=models.F("value"))
    if status == FigureStatus.PUBLISHED:
        return figures.filter(same)
    return figures.filter(ever_released=True).exclude(same)
