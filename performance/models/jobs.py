"""Background work and what it leaves: figures imports and their uploaded files, PDF leaflets."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Area

from .figures import FinancialYear


class ImportJobState(models.TextChoices):
    QUEUED = "queued", "Waiting to be checked"
    CHECKING = "checking", "Being checked"
    READY = "ready", "Checked: ready to import"
    REFUSED = "refused", "Cannot be imported"
    CONFIRMED = "confirmed", "Waiting to be imported"
    IMPORTING = "importing", "Being imported"
    DONE = "done", "Imported"
    FAILED = "failed", "Stopped"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Not confirmed in time"


class ImportKind(models.TextChoices):
    FIGURES = "figures", "Figures file"
    RECORDED_CRIME = "recorded-crime", "Recorded crime edition"


# States in which a worker is (or should be) at work on the job.
IMPORT_JOB_RUNNING = [ImportJobState.CHECKING, ImportJobState.IMPORTING]


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user, kind: str = ImportKind.FIGURES):
        """A member of staff's own jobs of one kind: nobody reaches another person's upload,
        nor a job through the pages of another kind."""
        return self.filter(user=user, kind=kind)

    def past_retention(self, now=None):
        """Jobs whose uploaded file has waited longer than IMPORT_UPLOAD_RETENTION_HOURS."""
        cutoff = (now or timezone.now()) - timezone.timedelta(
            hours=settings.IMPORT_UPLOAD_RETENTION_HOURS
        )
        return self.filter(
            Exists(ImportUploadPart.objects.filter(job=OuterRef("pk"))), updated_at__lt=cutoff
        )


class ImportJob(models.Model):
    """A file uploaded in the admin, checked and then imported by a background worker: a
    figures file, or an edition of the police's recorded crime (``kind``).

    The file is kept server-side (in ImportUploadPart), bound to the person who uploaded
    it, only until it is imported, refused, cancelled or left unconfirmed past the
    retention time; then it is deleted. What the check found stays, for the person to read.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(max_length=16, choices=ImportKind.choices, default=ImportKind.FIGURES)
    # For recorded crime: the day the police published the edition.
    edition_of = models.DateField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    upload_size = models.PositiveIntegerField(default=0)
    state = models.CharField(
        max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    rows_read = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    correction_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker process at work on it (sitewide.workers.this_worker), and when it last
    # said it was alive: a job whose worker died is ended, not left "running".
    worker = models.CharField(max_length=300, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self):
        if self.kind == ImportKind.RECORDED_CRIME:
            return reverse("admin:performance_crimeedition_import_job", args=[self.pk])
        return reverse("admin:performance_figure_import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in IMPORT_JOB_RUNNING

    @property
    def is_waiting(self) -> bool:
        """Queued or working: the page refreshes itself until this changes."""
        return self.state in (
            ImportJobState.QUEUED,
            ImportJobState.CHECKING,
            ImportJobState.CONFIRMED,
            ImportJobState.IMPORTING,
        )


class ImportUploadPart(models.Model):
    """One megabyte of an uploaded file, in order. Kept in parts so that neither the web
    request storing a file nor the worker reading it holds the whole of it at once (a
    single 10 MB value goes to the database as a 20 MB string, and more)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="one_upload_part_per_place")
        ]

    def __str__(self):
        return f"{self.job} part {self.index}"


class Leaflet(models.Model):
    """A borough-year's printable leaflet, drawn by a background worker and kept until its
    content changes.

    ``content_key`` is the hash of the leaflet's HTML: a leaflet is rebuilt exactly when
    what it would show differs, whatever caused the difference.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="+")
    content_key = models.CharField(max_length=64)
    pdf = models.BinaryField()
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "content_key"], name="one_leaflet_per_content"
            )
        ]

    def __str__(self):
        return f"Leaflet: {self.area}, {self.year}"
