"""Benchmark: hostile and legal figures files through the command and the admin's background job.

Run from the project root (``make bench-uploads``):

    .venv/bin/python bench/uploads.py [--database-url URL]

For each file it prints the time and the peak memory of each process that handles it:

- ``import_figures FILE`` on the command line;
- the admin's upload: a real POST to /admin/performance/figure/import/, streamed to a
  gunicorn web worker as a browser sends it (its peak memory, and how much the request
  added), which only stores the file;
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
import http.client
import json
import os
import re
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import openpyxl
from common import PYTHON, ROOT, fresh_database, run, start_production_server, wait_for_server
from import_figures import write_figures

# The reader's tests make the hostile workbooks; this script makes them the same way.
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_uploads"

SETUP = """
import django
django.setup()
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(
    username="bench-admin", defaults={"is_staff": True}
)
user.set_password("bench-password-0123")
user.save()
user.groups.add(Group.objects.get(name="Administrator"))
"""

HOST, PORT = "127.0.0.1", 8769


def memory_of(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, in MB, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = {k: int(v.split()[0]) / 1024 for k, v in re.findall(r"(VmRSS|VmHWM):\s+(.+)", status)}
    return found["VmRSS"], found["VmHWM"]


def web_worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


class Browser:
    """Just enough of a browser for the admin: cookies, and the CSRF token of each form."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        conn.close()
        return response.status, content.decode(errors="replace"), response

    def token(self, path):
        _, html, _ = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self):
        token = self.token("/admin/login/")
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "bench-admin",
                "password": "bench-password-0123",
            }
        )
        status, _, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, "could not sign in"

    def upload(self, path: Path):
        """POST the file as a browser would, streamed from disk: (status, seconds)."""
        token = self.token("/admin/performance/figure/import/")
        boundary = "benchboundary0123456789"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="import_file"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + path.stat().st_size + len(tail)

        def body():
            yield head
            with path.open("rb") as f:
                while chunk := f.read(64 * 1024):
                    yield chunk
            yield tail

        started = time.perf_counter()
        status, _, _ = self.request(
            "POST",
            "/admin/performance/figure/import/",
            body=body(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
                "Referer": f"http://{HOST}:{PORT}/admin/performance/figure/import/",
            },
        )
        return status, time.perf_counter() - started


def upload_through_the_web(path: Path, env: dict):
    """(seconds, the web worker's peak MB and its growth during the request, outcome)."""
    server = start_production_server({**env, "BIND": f"{HOST}:{PORT}", "WEB_CONCURRENCY": "1"})
    try:
        wait_for_server(HOST, PORT)
        browser = Browser()
        browser.sign_in()
        worker = web_worker_pid(server.pid)
        browser.token("/admin/performance/figure/import/")  # the page itself, once
        before, _ = memory_of(worker)
        status, seconds = browser.upload(path)
        _, peak = memory_of(worker)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return seconds, peak, peak - before, "queued" if status == 302 else f"HTTP {status}"


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
    """A small legal workbook whose sheet claims a size, or carries empty rows after its data
    (made as the reader's own tests make them)."""
    from tests.test_figure_files import HEADER_CELLS, ROW_CELLS, xlsx_with

    padding = "".join(f'<row r="{n}"/>' for n in range(3, 3 + empty_rows))
    path.write_bytes(
        xlsx_with([HEADER_CELLS, ROW_CELLS], dimension=dimension, extra_rows_xml=padding)
    )


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


def last_line(output: str) -> str:
    return output.splitlines()[-1] if output else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--make-files", metavar="FOLDER", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.make_files:
        made = files(Path(options.make_files))
        print(json.dumps([(d, str(p), h) for d, p, h in made]))
        return 0
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "HTTPS": "0",
        "STAFF_2FA_REQUIRED": "0",
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "policing.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
    }
    worker = [PYTHON, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"]

    def fresh():
        """Each step meets a fresh database, so every legal file imports as new figures."""
        fresh_database(options.database_url)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        run([PYTHON, "-c", SETUP], env, "setup")

    def job_state():
        return last_line(run([PYTHON, "-c", LATEST_JOB], env, "job")[2])[:90]

    # The admin's pages need the static files' manifest, as in production.
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # Made in a process of its own: Linux counts the memory a process had when it
        # started another into that one's peak, so this process stays small.
        made = json.loads(last_line(run([PYTHON, __file__, "--make-files", tmp], env, "files")[2]))
        for description, path, hostile in made:
            print(f"{description} ({Path(path).stat().st_size / 2**20:.1f} MB)", flush=True)
            fresh()
            command = [PYTHON, "manage.py", "import_figures", path]
            seconds, peak, out = run(command, env, "command", check=False)
            rows.append((description, "command", seconds, peak, last_line(out)[:90], hostile))
            fresh()
            seconds, peak, growth, out = upload_through_the_web(Path(path), env)
            step = f"admin: upload (+{growth:.0f} MB)"
            rows.append((description, step, seconds, peak, out, hostile))
            if out != "queued":
                continue
            seconds, peak, _ = run(worker, env, "worker")
            state = job_state()
            rows.append((description, "admin: job checks it", seconds, peak, state, hostile))
            if state.startswith("ready"):
                run([PYTHON, "-c", LATEST_JOB, "confirm"], env, "confirm")
                seconds, peak, _ = run(worker, env, "worker")
                step = "admin: job imports it"
                rows.append((description, step, seconds, peak, job_state(), hostile))

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
