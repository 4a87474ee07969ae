"""Importing a file in the background: upload, check, confirm, import.

A file is a figures file, or an edition of the police's recorded crime (``ImportJob.kind``).
Staff upload a file in the admin; the web request only stores it (server-side, bound
to them) and queues a check. A background worker (``manage.py db_worker``) reads the
file a chunk at a time, recording how far it has got, and writes nothing. Staff read
what the check found and confirm; the worker then imports the file in one transaction,
whole or not at all. Each step below is the one place it happens, for the admin, the
tests and the benchmark alike.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import time
from dataclasses import asdict

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from boroughs.access import allowed_area_ids
from sitewide.workers import this_worker, worker_is_alive

from .figures.files import upload_limits
from .figures.loading import ImportReport, import_figures_file
from .figures.numbers import plain_decimal
from .models import ImportJob, ImportJobState, ImportKind, ImportUploadPart
from .models.jobs import IMPORT_JOB_RUNNING
from .recorded_crime.importing import import_recorded_crime
from .recorded_crime.reading import DRY_RUN_NOTE, CrimeImportReport

log = logging.getLogger(__name__)

FAULT = (
    "The import stopped because of a fault in the service, and nothing was written. "
    "Try again; if it happens again, tell the service's support team."
)
STALLED = (
    "The import stopped without finishing (the worker running it may have restarted), "
    "and nothing was written. Upload the file again."
)
WORKER_DIED = (
    "The background worker running this job stopped before it finished (it may have been "
    "restarted or run out of memory), so nothing was written. Upload the file again; if "
    "it happens again, tell the service's support team."
)
# A job whose worker has not said it is alive for this long has lost it (a worker says
# so every sitewide.workers.HEARTBEAT_SECONDS).
WORKER_SILENT_SECONDS = 120
TOO_LONG = (
    "The import took longer than {seconds} seconds, so it was stopped and nothing was written."
)


class ImportTookTooLong(Exception):
    pass


class ImportCancelled(Exception):
    pass


# ---------------------------------------------------------------- what staff do


# How much of a file one stored part holds.
UPLOAD_PART_BYTES = 1024 * 1024


def start_import(
    *,
    user,
    file_name: str,
    data: bytes | UploadedFile,
    kind: str = ImportKind.FIGURES,
    edition_of=None,
) -> ImportJob:
    """Keep an uploaded file for its owner, a part at a time, and queue its check.
    A recorded crime file comes with the day the police published it (``edition_of``)."""
    purge_import_uploads()
    if isinstance(data, bytes):
        size = len(data)
        parts = (data[i : i + UPLOAD_PART_BYTES] for i in range(0, size, UPLOAD_PART_BYTES))
    else:
        size, parts = data.size, data.chunks(UPLOAD_PART_BYTES)
    with transaction.atomic():
        job = ImportJob.objects.create(
            user=user, file_name=file_name, upload_size=size, kind=kind, edition_of=edition_of
        )
        for index, part in enumerate(parts):
            ImportUploadPart.objects.create(job=job, index=index, data=part)
        check_figures_file.enqueue(str(job.pk))
    return job


@contextlib.contextmanager
def uploaded_file(job: ImportJob):
    """The job's file as one seekable stream, put together part by part on disk (a small file
    stays in memory), so that no more than a part is in memory at once."""
    with tempfile.SpooledTemporaryFile(max_size=2 * UPLOAD_PART_BYTES) as stream:
        for data in job.parts.order_by("index").values_list("data", flat=True).iterator(1):
            stream.write(data)
        stream.seek(0)
        yield stream


def _discard_upload(jobs) -> None:
    ImportUploadPart.objects.filter(job__in=jobs).delete()


def confirm_import(*, job: ImportJob, correction_reason: str = "") -> bool:
    """Queue the import of a checked file. False if the job was no longer waiting for it."""
    confirmed = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.READY).update(
        state=ImportJobState.CONFIRMED,
        correction_reason=correction_reason.strip(),
        updated_at=timezone.now(),
    )
    if confirmed:
        import_figures_job.enqueue(str(job.pk))
    return bool(confirmed)


def cancel_import(*, job: ImportJob) -> bool:
    """Stop a job that has not started writing (a check stops at its next chunk), and delete
    its file."""
    cancelled = ImportJob.objects.filter(
        pk=job.pk,
        state__in=[ImportJobState.QUEUED, ImportJobState.CHECKING, ImportJobState.READY],
    ).update(state=ImportJobState.CANCELLED, finished_at=timezone.now(), updated_at=timezone.now())
    if cancelled:
        _discard_upload([job.pk])
    return bool(cancelled)


def purge_import_uploads(*, now=None) -> int:
    """Delete files left unconfirmed past IMPORT_UPLOAD_RETENTION_HOURS; give up on jobs whose
    worker stopped. Returns how many jobs it ended."""
    now = now or timezone.now()
    left = list(
        ImportJob.objects.past_retention(now)
        .exclude(state__in=[ImportJobState.CHECKING, ImportJobState.IMPORTING])
        .values_list("pk", flat=True)
    )
    ImportJob.objects.filter(pk__in=left).update(
        state=ImportJobState.EXPIRED,
        finished_at=now,
        updated_at=now,
        message=(
            f"The file waited more than {settings.IMPORT_UPLOAD_RETENTION_HOURS} hours "
            "without being imported, so it was deleted. Upload it again."
        ),
    )
    _discard_upload(left)
    return len(left) + end_stalled_jobs(now=now)


def end_stalled_jobs(*, now=None) -> int:
    """End the 'running' jobs whose worker died, saying so: a worker process on this host
    that is gone, one elsewhere silent for WORKER_SILENT_SECONDS, or (a job that names
    no worker) one still running long after its time limit. Returns how many it ended."""
    now = now or timezone.now()
    running = ImportJob.objects.filter(state__in=IMPORT_JOB_RUNNING)
    silent = now - timezone.timedelta(seconds=WORKER_SILENT_SECONDS)
    died = [
        job.pk
        for job in running.exclude(worker="").only("pk", "worker", "heartbeat_at")
        if _has_lost_its_worker(job, silent)
    ]
    overdue = now - timezone.timedelta(seconds=settings.IMPORT_JOB_TIME_LIMIT_SECONDS + 60)
    stalled = list(running.filter(worker="", updated_at__lt=overdue).values_list("pk", flat=True))
    return _fail_running(died, WORKER_DIED, now) + _fail_running(stalled, STALLED, now)


def _fail_running(jobs: list, message: str, now) -> int:
    """Mark these jobs failed with ``message`` and delete their files; only those still
    running, so a job that finished meanwhile keeps its outcome. Returns how many."""
    ended = ImportJob.objects.filter(pk__in=jobs, state__in=IMPORT_JOB_RUNNING).update(
        state=ImportJobState.FAILED, message=message, finished_at=now, updated_at=now
    )
    _discard_upload(jobs)
    return ended


def _has_lost_its_worker(job: ImportJob, silent_since) -> bool:
    """Its worker's process is gone (seen on this host), or (elsewhere) has not said it is
    alive since ``silent_since``."""
    alive = worker_is_alive(job.worker)
    if alive is None:
        return job.heartbeat_at is None or job.heartbeat_at < silent_since
    return not alive


def end_jobs_of_dead_workers() -> int:
    """As a worker starts: end every job of a worker that died. A job that names this very
    process was taken by an earlier one that had the same number (a container restarted),
    since this one has taken nothing yet."""
    now = timezone.now()
    mine = list(
        ImportJob.objects.filter(state__in=IMPORT_JOB_RUNNING, worker=this_worker()).values_list(
            "pk", flat=True
        )
    )
    return _fail_running(mine, WORKER_DIED, now) + end_stalled_jobs(now=now)


def beat_for_this_worker() -> None:
    """Say this worker is alive on each job it is running, and end those of dead workers."""
    ImportJob.objects.filter(state__in=IMPORT_JOB_RUNNING, worker=this_worker()).update(
        heartbeat_at=timezone.now()
    )
    end_stalled_jobs()


# ---------------------------------------------------------------- what the worker does


def _take(job_id: str, waiting: str, working: str) -> ImportJob | None:
    """Move a job from waiting to working, or None if it is not waiting (cancelled, done,
    or taken by another worker): a job runs once whatever the queue does."""
    now = timezone.now()
    taken = ImportJob.objects.filter(pk=job_id, state=waiting).update(
        state=working, updated_at=now, worker=this_worker(), heartbeat_at=now
    )
    return ImportJob.objects.get(pk=job_id) if taken else None


def _progress(job: ImportJob, *, record: bool):
    """The progress callback, after each chunk: stops a job that has run past its time limit,
    and for a check (which writes nothing, so may record as it goes) records the rows read
    and problems found, stopping if staff cancelled it meanwhile."""
    deadline = time.monotonic() + settings.IMPORT_JOB_TIME_LIMIT_SECONDS

    def progress(report: ImportReport):
        if time.monotonic() > deadline:
            raise ImportTookTooLong
        if record:
            still_wanted = ImportJob.objects.filter(pk=job.pk, state=job.state).update(
                rows_read=report.rows_read,
                problem_count=report.problem_count,
                updated_at=timezone.now(),
            )
            if not still_wanted:
                raise ImportCancelled

    return progress


Outcome = ImportReport | CrimeImportReport | str | None


def _run(job: ImportJob, *, dry_run: bool) -> Outcome:
    """The import (or its check) of the job's file: its report, why it stopped, or None if
    it was cancelled."""
    try:
        with uploaded_file(job) as stream:
            if job.kind == ImportKind.RECORDED_CRIME:
                return _run_recorded_crime(job, stream, dry_run=dry_run)
            return import_figures_file(
                stream,
                job.file_name,
                dry_run=dry_run,
                limits=upload_limits(),
                user=job.user,
                correction_reason=job.correction_reason,
                allowed_area_ids=allowed_area_ids(job.user),
                # An import is one transaction: progress written inside it would not show.
                progress=_progress(job, record=dry_run),
            )
    except ImportCancelled:
        return None
    except ImportTookTooLong:
        return TOO_LONG.format(seconds=settings.IMPORT_JOB_TIME_LIMIT_SECONDS)
    except Exception:
        log.exception("Import job %s (%s) failed", job.pk, job.file_name)
        return FAULT


def _run_recorded_crime(job: ImportJob, stream, *, dry_run: bool) -> CrimeImportReport:
    """A recorded crime edition is read whole (the police's file for all of London over
    nine years is under half a megabyte); its import is one transaction, like the
    command's, and names every problem by line and column. It stops at the time limit as
    a figures file does, writing nothing."""
    return import_recorded_crime(
        stream.read(),
        edition_of=job.edition_of,
        file_name=job.file_name,
        dry_run=dry_run,
        user=job.user,
        progress=_progress(job, record=False),
    )


def _finish(job: ImportJob, state: str, *, outcome: Outcome, keep_file=False):
    """Record the outcome, unless staff cancelled the job meanwhile."""
    now = timezone.now()
    fields = {"state": state, "updated_at": now}
    if isinstance(outcome, str):
        fields.update(state=ImportJobState.FAILED, message=outcome)
    elif isinstance(outcome, CrimeImportReport):
        fields.update(
            rows_read=outcome.rows,
            problem_count=outcome.problem_count,
            report=crime_report_as_json(outcome),
        )
    else:
        fields.update(
            rows_read=outcome.rows_read,
            problem_count=outcome.problem_count,
            report=report_as_json(outcome),
        )
    finished = fields["state"] != ImportJobState.READY or not keep_file
    if finished:
        fields["finished_at"] = now
    if ImportJob.objects.filter(pk=job.pk, state=job.state).update(**fields) and finished:
        _discard_upload([job.pk])


@task()
def check_figures_file(job_id: str) -> None:
    """Read and validate every row of the job's file (of either kind), writing nothing."""
    job = _take(job_id, ImportJobState.QUEUED, ImportJobState.CHECKING)
    if job is None:
        return
    outcome = _run(job, dry_run=True)
    if outcome is None:
        return
    if not isinstance(outcome, str) and outcome.ok:
        _finish(job, ImportJobState.READY, outcome=outcome, keep_file=True)
    else:
        _finish(job, ImportJobState.REFUSED, outcome=outcome)


@task()
def import_figures_job(job_id: str) -> None:
    """Import the job's checked file (of either kind), whole or not at all."""
    job = _take(job_id, ImportJobState.CONFIRMED, ImportJobState.IMPORTING)
    if job is None:
        return
    outcome = _run(job, dry_run=False)
    if not isinstance(outcome, str) and outcome.ok:
        _finish(job, ImportJobState.DONE, outcome=outcome)
    else:
        _finish(job, ImportJobState.REFUSED, outcome=outcome)


def report_as_json(report: ImportReport) -> dict:
    """What the job page shows of a report (problems and changes as listed, counts of all)."""
    return {
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "corrections": report.corrections,
        "problems": [asdict(p) for p in report.problems],
        "unlisted_problems": report.unlisted_problems,
        "changes": [
            {**asdict(c), "old": _number(c.old), "new": _number(c.new)} for c in report.changes
        ],
        "unlisted_changes": max(report.new + report.updated - len(report.changes), 0),
    }


def crime_report_as_json(report: CrimeImportReport) -> dict:
    """A recorded crime report as the job page shows it: what the edition holds, its own
    problems, and the figures it gives (as a figures file's report shows them). Revisions
    carry their reason already ("revised in the source's edition of …"), so staff are
    not asked for one."""
    derived = report_as_json(report.figures) if report.figures is not None else {}
    return {
        **derived,
        "corrections": 0,
        "revised": derived.get("corrections", 0),
        "edition_of": report.edition_of.isoformat(),
        # The page says itself that nothing is written until confirmed, and gives the
        # figures' counts under the summary: neither is repeated from the command's.
        "summary_lines": [
            line.replace(DRY_RUN_NOTE, "")
            for line in report.summary().splitlines()
            if not line.startswith("Figures: ")
        ],
        "problems": [asdict(p) for p in report.problems],
        "unlisted_problems": max(report.problem_count - len(report.problems), 0),
    }


def _number(value) -> str | None:
    return None if value is None else plain_decimal(value)
