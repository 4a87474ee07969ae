"""Admin imports run as background jobs: the file stays server-side with its owner, the check
reports its progress, and a job that fails, stalls, is cancelled or is left says so and
writes nothing."""

import datetime
import os
import socket
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from performance import jobs
from performance.models import CrimeEdition, EditionRow, Figure, ImportJob
from sitewide import workers

from .conftest import (
    csv_bytes,
    database_url_of_this_test,
    needs_postgresql,
    run_queued_jobs,
    signed_in,
    user_in,
)
from .html import text
from .test_settings import ROOT

pytestmark = pytest.mark.django_db

IMPORT = "/admin/performance/figure/import/"
GOOD = csv_bytes("E09000016,Havering,robbery,2009/10,result,339")


def upload(client, data=GOOD, name="figures.csv"):
    response = client.post(IMPORT, {"import_file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("created_at"), response["Location"]


def test_a_job_belongs_to_the_person_who_uploaded_it(staff_client, django_user_model, client):
    job, url = upload(staff_client)
    run_queued_jobs()
    other = signed_in(client, user_in(django_user_model, "Administrator", "another-admin"))
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "confirm"}).status_code == 404
    assert other.post(url, {"action": "cancel"}).status_code == 404
    job.refresh_from_db()
    assert job.state == "ready"
    assert f'href="{url}"' not in other.get(IMPORT).content.decode()


def test_a_made_up_job_address_is_not_found(staff_client):
    assert staff_client.get(IMPORT + "00000000-0000-0000-0000-000000000000/").status_code == 404
    # Only a job's id reaches a job: a path is never read, whatever the address holds.
    for tampered in ("..%2F..%2Fetc%2Fpasswd/", "%2Ftmp%2Fupload.csv/", "not-a-job/"):
        response = staff_client.get(IMPORT + tampered, follow=True)
        assert not any("import_job" in (t.name or "") for t in response.templates)
        assert "root:" not in response.content.decode()


def test_the_file_is_deleted_once_imported(staff_client):
    job, url = upload(staff_client)
    run_queued_jobs()
    staff_client.post(url, {"action": "confirm"})
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "done" and not job.parts.exists()
    assert Figure.objects.count() == 1


def test_a_cancelled_import_writes_nothing_and_deletes_the_file(staff_client):
    job, url = upload(staff_client)
    run_queued_jobs()
    staff_client.post(url, {"action": "cancel"})
    job.refresh_from_db()
    assert job.state == "cancelled" and not job.parts.exists()
    staff_client.post(url, {"action": "confirm"})  # too late
    run_queued_jobs()
    assert not Figure.objects.exists()
    assert "Nothing from this file was imported" in text(staff_client.get(url).content.decode())


def test_a_check_cancelled_before_it_runs_never_runs(staff_client):
    job, url = upload(staff_client)
    staff_client.post(url, {"action": "cancel"})
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "cancelled" and job.report == {}


def test_a_file_left_unconfirmed_is_deleted_after_the_retention_time(staff_client, settings):
    settings.IMPORT_UPLOAD_RETENTION_HOURS = 24
    job, url = upload(staff_client)
    run_queued_jobs()
    jobs.purge_import_uploads(now=timezone.now() + timezone.timedelta(hours=25))
    job.refresh_from_db()
    assert job.state == "expired" and not job.parts.exists()
    page = text(staff_client.get(url).content.decode())
    assert "waited more than 24 hours without being imported" in page


def test_the_purge_command_deletes_files_left_unconfirmed(staff_client, settings):
    from django.core.management import call_command

    settings.IMPORT_UPLOAD_RETENTION_HOURS = 0
    job, _ = upload(staff_client)
    run_queued_jobs()
    call_command("purge_import_uploads")
    job.refresh_from_db()
    assert not job.parts.exists()


def test_the_check_records_rows_read_and_problems_found(staff_client, monkeypatch):
    monkeypatch.setattr("performance.figures.loading.CHUNK_ROWS", 10)
    seen = []
    record = jobs._progress

    def watching(job, *, record):
        progress = record_progress(job, record=record)

        def wrapped(report):
            progress(report)
            seen.append(ImportJob.objects.values_list("rows_read", "problem_count").get())

        return wrapped

    record_progress = record
    monkeypatch.setattr(jobs, "_progress", watching)
    rows = [f"E09000016,,robbery,{2000 + n}/{(2001 + n) % 100:02d},result,{n}" for n in range(25)]
    rows[12] = "E09000099,,robbery,2001/02,result,1"
    upload(staff_client, csv_bytes(*rows))
    run_queued_jobs()
    assert seen == [(10, 0), (20, 1), (25, 1)]
    assert ImportJob.objects.get().state == "refused"


def test_a_job_that_fails_says_why_and_writes_nothing(staff_client, monkeypatch):
    job, url = upload(staff_client)
    run_queued_jobs()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "import_figures_file", broken)
    staff_client.post(url, {"action": "confirm"})
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "failed" and not job.parts.exists()
    page = text(staff_client.get(url).content.decode())
    assert "stopped because of a fault in the service, and nothing was written" in page
    assert "disk on fire" not in page
    assert not Figure.objects.exists()


def test_an_import_past_its_time_limit_stops_and_writes_nothing(staff_client, settings):
    job, url = upload(staff_client)
    run_queued_jobs()
    settings.IMPORT_JOB_TIME_LIMIT_SECONDS = -1
    staff_client.post(url, {"action": "confirm"})
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "failed"
    assert "took longer than -1 seconds" in job.message
    assert not Figure.objects.exists()


def test_a_job_whose_worker_stopped_says_so_when_looked_at(staff_client, settings):
    job, url = upload(staff_client)
    stale = timezone.now() - timezone.timedelta(seconds=settings.IMPORT_JOB_TIME_LIMIT_SECONDS + 61)
    ImportJob.objects.filter(pk=job.pk).update(state="importing", updated_at=stale)
    page = text(staff_client.get(url).content.decode())
    assert "stopped without finishing" in page and "nothing was written" in page
    job.refresh_from_db()
    assert job.state == "failed" and not job.parts.exists()


def test_confirming_twice_imports_once(staff_client):
    job, url = upload(staff_client)
    run_queued_jobs()
    staff_client.post(url, {"action": "confirm"})
    staff_client.post(url, {"action": "confirm"})
    assert run_queued_jobs() == 1
    assert Figure.objects.count() == 1


def test_the_progress_page_refreshes_itself_until_the_job_is_done(staff_client):
    job, url = upload(staff_client)
    waiting = staff_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting
    run_queued_jobs()
    assert 'http-equiv="refresh"' not in staff_client.get(url).content.decode()


def test_someone_without_import_permission_cannot_reach_import_pages(officer_client, administrator):
    job = jobs.start_import(user=administrator, file_name="f.csv", data=GOOD)
    assert officer_client.get(IMPORT).status_code == 403
    assert officer_client.get(job.get_absolute_url()).status_code == 403
    assert (
        officer_client.post(IMPORT, {"import_file": SimpleUploadedFile("f.csv", GOOD)}).status_code
        == 403
    )


@needs_postgresql
@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_process_checks_and_imports_an_upload(administrator):
    """The web request queues; `manage.py db_worker` in a process of its own does the work,
    and the job's page (any web worker, any time later) shows where it got to."""
    env = {**os.environ, "DATABASE_URL": database_url_of_this_test()}
    worker = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
    ]
    web = signed_in(Client(), administrator)
    job, url = upload(web)
    assert job.state == "queued"
    subprocess.run(worker, cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)
    another_web_worker = signed_in(Client(), administrator)
    page = text(another_web_worker.get(url).content.decode())
    assert "1 new figure, 0 changed, 0 unchanged" in page
    another_web_worker.post(url, {"action": "confirm"})
    assert not Figure.objects.exists()
    subprocess.run(worker, cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)
    assert Figure.objects.get().value == 339
    job.refresh_from_db()
    assert job.state == "done" and not job.parts.exists()


def test_a_file_is_kept_in_parts_and_read_back_whole(administrator, monkeypatch):
    monkeypatch.setattr(jobs, "UPLOAD_PART_BYTES", 10)
    data = csv_bytes(
        *[f"E09000016,,robbery,{2000 + n}/{(2001 + n) % 100:02d},result,{n}" for n in range(5)]
    )
    job = jobs.start_import(user=administrator, file_name="parts.csv", data=data)
    assert job.parts.count() == -(-len(data) // 10)
    with jobs.uploaded_file(job) as stream:
        assert stream.read() == data
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "ready" and job.report["new"] == 5


def test_the_figures_list_offers_the_upload_to_who_may_import(editor_client):
    listing = editor_client.get("/admin/performance/figure/").content.decode()
    assert f'href="{IMPORT}">Import a file</a>' in listing


def a_process_that_has_ended() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    return int(finished.stdout)


def test_a_job_whose_worker_process_died_is_ended_as_soon_as_its_page_is_looked_at(staff_client):
    job, url = upload(staff_client)
    dead = f"{socket.gethostname()}:{a_process_that_has_ended()}"
    ImportJob.objects.filter(pk=job.pk).update(
        state="importing", worker=dead, heartbeat_at=timezone.now()
    )
    page = text(staff_client.get(url).content.decode())
    assert "background worker running this job stopped before it finished" in page
    assert "Upload the file again" in page
    job.refresh_from_db()
    assert job.state == "failed" and not job.parts.exists()


def test_a_job_whose_worker_is_alive_is_left_running_however_long_it_takes(staff_client):
    job, url = upload(staff_client)
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(
        state="importing", worker=workers.this_worker(), heartbeat_at=long_ago
    )
    staff_client.get(url)
    job.refresh_from_db()
    assert job.state == "importing"


def test_a_job_on_another_host_is_ended_once_its_worker_is_silent_for_two_minutes(staff_client):
    job, url = upload(staff_client)
    elsewhere = "another-host:4242"
    recently = timezone.now() - timezone.timedelta(seconds=jobs.WORKER_SILENT_SECONDS - 30)
    ImportJob.objects.filter(pk=job.pk).update(
        state="importing", worker=elsewhere, heartbeat_at=recently
    )
    staff_client.get(url)
    job.refresh_from_db()
    assert job.state == "importing"
    silent = timezone.now() - timezone.timedelta(seconds=jobs.WORKER_SILENT_SECONDS + 1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=silent)
    staff_client.get(url)
    job.refresh_from_db()
    assert job.state == "failed" and "worker running this job stopped" in job.message


def test_a_starting_worker_ends_the_jobs_of_workers_that_died(staff_client):
    """Including one that names this very process: a restarted container's worker can get
    the number its dead predecessor had."""
    first, _ = upload(staff_client)
    second, _ = upload(staff_client, name="second.csv")
    ImportJob.objects.filter(pk=first.pk).update(
        state="checking", worker=f"{socket.gethostname()}:{a_process_that_has_ended()}"
    )
    ImportJob.objects.filter(pk=second.pk).update(
        state="importing", worker=workers.this_worker(), heartbeat_at=timezone.now()
    )
    workers.worker_started()
    assert set(ImportJob.objects.values_list("state", flat=True)) == {"failed"}


def test_a_running_worker_says_it_is_alive_on_its_own_jobs(staff_client):
    job, _ = upload(staff_client)
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(
        state="importing", worker=workers.this_worker(), heartbeat_at=long_ago
    )
    jobs.beat_for_this_worker()
    job.refresh_from_db()
    assert job.state == "importing" and job.heartbeat_at > long_ago


def test_a_recorded_crime_import_past_its_time_limit_stops_and_writes_nothing(
    administrator, settings
):
    edition = (ROOT / "performance/data/mps-borough-level-crime-2008-2016.csv").read_bytes()
    job = jobs.start_import(
        user=administrator,
        file_name="mps.csv",
        data=edition,
        kind="recorded-crime",
        edition_of=datetime.date(2017, 1, 26),
    )
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "ready", job.report
    settings.IMPORT_JOB_TIME_LIMIT_SECONDS = -1
    assert jobs.confirm_import(job=job)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == "failed"
    assert "took longer than -1 seconds" in job.message
    assert not CrimeEdition.objects.exists() and not EditionRow.objects.exists()
    assert not Figure.objects.exists()


@needs_postgresql
@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_process_starting_ends_the_job_of_a_worker_that_was_killed(administrator):
    job = jobs.start_import(user=administrator, file_name="f.csv", data=GOOD)
    killed = f"{socket.gethostname()}:{a_process_that_has_ended()}"
    ImportJob.objects.filter(pk=job.pk).update(state="checking", worker=killed)
    env = {**os.environ, "DATABASE_URL": database_url_of_this_test()}
    worker = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    subprocess.run(worker, cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)
    job.refresh_from_db()
    assert job.state == "failed" and job.message == jobs.WORKER_DIED
