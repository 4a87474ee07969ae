"""Benchmark: hostile and legal figures files through the command and the admin's background job.

Run from the project root (``make bench-uploads``):

    .venv/bin/python bench/uploads.py [--database-url URL]

For each file it prints the time and the peak memory of each process that handles it:

- ``import_figures FILE`` on the command line;
- the admin's upload (a real POST to /admin/performance/figure/import/ in a process of
  its own, as a web worker would receive it), which only stores the file;
- the job worker (``manage.py db_worker --batch``) checking it, and, if staff could
  confirm it, importing it.

Goals (issue 11): the web request stays small and short whatever the file (under 2 s and
150 MB); every hostile upload is refused by the job's check (the command, run by someone
with the server in their hands, has no size limits, only flat memory); the worker's
memory stays flat in the file's size (a 100,000-row file within 1.5 times the peak of a
1,000-row one) and under 400 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from common import PYTHON, fresh_database, run
from import_figures import write_figures

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_uploads"
HEADER = ["area_code", "area_name", "measure", "year", "figure", "value"]

UPLOAD = """
import sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
user = get_user_model().objects.get(username="bench-admin")
client = Client()
client.force_login(user)
path = sys.argv[1]
with open(path, "rb") as f:
    response = client.post(
        "/admin/performance/figure/import/",
        {"import_file": SimpleUploadedFile(path.rsplit("/", 1)[-1], f.read())},
    )
print("queued" if response.status_code == 302 else "refused at upload")
"""

SETUP = """
import django
django.setup()
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(
    username="bench-admin", defaults={"is_staff": True}
)
user.groups.add(Group.objects.get(name="Administrator"))
"""

LATEST_JOB = """
import sys
import django
django.setup()
from performance.jobs import confirm_import
from performance.models import ImportJob
job = ImportJob.objects.latest("created_at")
if sys.argv[1:] == ["confirm"]:
    confirm_import(job=job)
else:
    problems = job.report.get("problems") or [{"message": job.message}]
    print(job.state, job.rows_read, job.problem_count, problems[0]["message"])
"""


def xlsx_rows(path: Path, rows: int) -> None:
    """A legal workbook of ``rows`` figures, written as the CSV writer writes them."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "rows.csv"
        write_figures(source, rows)
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for line in source.read_text().splitlines():
            cells = line.split(",")
            if cells[0] != "area_code":
                cells[5] = float(cells[5])
            sheet.append(cells)
        book.save(path)


def edited_xlsx(path: Path, *, dimension: str | None = None, empty_rows: int = 0) -> None:
    """A small legal workbook whose sheet claims a size, or carries empty rows after its data."""
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["E09000016", "Havering", "robbery", "2009/10", "result", 339])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                if dimension:
                    xml = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', xml)
                padding = "".join(f'<row r="{n}"/>' for n in range(3, 3 + empty_rows))
                content = xml.replace("</sheetData>", padding + "</sheetData>").encode()
            target.writestr(info.filename, content)


def bare_cr_csv(path: Path, rows: int) -> None:
    """Legal rows (repeated past the 100,716 distinct ones there are), each ended by a bare CR:
    counted by line feeds, the whole file is one line."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "rows.csv"
        write_figures(source, 100_000)
        header, *lines = source.read_bytes().splitlines()
        path.write_bytes(b"\r".join([header, *(lines * 2)[:rows]]) + b"\r")


def files(folder: Path) -> list[tuple[str, Path, bool]]:
    """(description, path, whether it is hostile)."""
    made = []

    def add(description, name, make, hostile):
        path = folder / name
        make(path)
        made.append((description, path, hostile))

    add("legal CSV, 1,000 rows", "small.csv", lambda p: write_figures(p, 1_000), False)
    add("legal CSV, 100,000 rows", "legal.csv", lambda p: write_figures(p, 100_000), False)
    add("legal XLSX, 100,000 rows", "legal.xlsx", lambda p: xlsx_rows(p, 100_000), False)
    add(
        "CSV, 150,000 rows ended by a bare CR",
        "bare-cr.csv",
        lambda p: bare_cr_csv(p, 150_000),
        True,
    )
    add(
        "XLSX claiming the whole grid (A1:XFD1048576)",
        "whole-grid.xlsx",
        lambda p: edited_xlsx(p, dimension="A1:XFD1048576"),
        False,
    )
    add(
        "XLSX, 2 rows then 4,000,000 empty rows (unpacks past the limit)",
        "empty-rows-big.xlsx",
        lambda p: edited_xlsx(p, empty_rows=4_000_000),
        True,
    )
    add(
        "XLSX, 2 rows then 3,000,000 empty rows (under the unpack limit)",
        "empty-rows.xlsx",
        lambda p: edited_xlsx(p, empty_rows=3_000_000),
        True,
    )
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    options = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "HTTPS": "0",
        "STAFF_2FA_REQUIRED": "0",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "policing.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    worker = [
        PYTHON,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "-v0",
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for description, path, hostile in files(Path(tmp)):
            size = path.stat().st_size / (1024 * 1024)
            print(f"{description} ({size:.1f} MB)", flush=True)
            # Each file meets a fresh database, so every legal one imports as new figures.
            fresh_database(options.database_url)
            run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
            run([PYTHON, "-c", SETUP], env, "setup")
            seconds, peak, out = run(
                [PYTHON, "manage.py", "import_figures", str(path)], env, "command", check=False
            )
            outcome = out.splitlines()[-1][:90] if out else ""
            rows.append((description, "command", seconds, peak, outcome, hostile))
            fresh_database(options.database_url)
            run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
            run([PYTHON, "-c", SETUP], env, "setup")
            seconds, peak, out = run([PYTHON, "-c", UPLOAD, str(path)], env, "upload")
            rows.append((description, "admin: upload request", seconds, peak, out, hostile))
            if out != "queued":
                continue
            seconds, peak, _ = run(worker, env, "worker")
            _, _, state = run([PYTHON, "-c", LATEST_JOB], env, "job")
            rows.append((description, "admin: job checks it", seconds, peak, state[:90], hostile))
            if state.startswith("ready"):
                run([PYTHON, "-c", LATEST_JOB, "confirm"], env, "confirm")
                seconds, peak, _ = run(worker, env, "worker")
                _, _, state = run([PYTHON, "-c", LATEST_JOB], env, "job")
                rows.append(
                    (description, "admin: job imports it", seconds, peak, state[:90], hostile)
                )

    print()
    print(f"{'file':<48} {'step':<24} {'s':>6} {'peak MB':>8}  outcome")
    for description, step, seconds, peak, outcome, _ in rows:
        print(f"{description[:48]:<48} {step:<24} {seconds:>6.1f} {peak:>8.0f}  {outcome}")

    def peak_of(description, step):
        return next(p for d, s, _, p, _, _ in rows if d == description and s == step)

    uploads_ok = all(
        seconds < 2 and peak < 150 for _, step, seconds, peak, _, _ in rows if "upload" in step
    )
    # The command is run by someone with the server in their hands: it has no size limits,
    # only flat memory. Uploads through the admin must be refused.
    refused = all(
        outcome.startswith(("refused", "failed"))
        for _, step, _, _, outcome, hostile in rows
        if hostile and step == "admin: job checks it"
    )
    small, large = (
        peak_of("legal CSV, 1,000 rows", "admin: job checks it"),
        peak_of("legal CSV, 100,000 rows", "admin: job checks it"),
    )
    worker_peaks = [p for _, step, _, p, _, _ in rows if step.startswith(("admin: job", "command"))]
    flat = large < 1.5 * small and max(worker_peaks) < 400
    print()
    print(f"Upload requests under 2 s and 150 MB: {'met' if uploads_ok else 'MISSED'}")
    print(f"Every hostile upload refused by the job: {'met' if refused else 'MISSED'}")
    print(
        f"Worker memory flat in file size ({large:.0f} MB for 100,000 rows against "
        f"{small:.0f} MB for 1,000) and under 400 MB: {'met' if flat else 'MISSED'}"
    )
    return 0 if uploads_ok and refused and flat else 1


if __name__ == "__main__":
    sys.exit(main())
