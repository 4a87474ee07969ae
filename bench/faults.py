"""Scripted fault checks: the database and the cache really stop under the production stack.

Run from the project root (``make faults``):

    .venv/bin/python bench/faults.py

The tests simulate outages statement by statement (tests/test_faults.py,
tests/test_cache.py); this script stops real servers. So as not to disturb the
machine's own, it starts a PostgreSQL cluster and a Redis of its own on spare
ports, loads the demo data, and runs gunicorn with the production settings
(gunicorn.conf.py, persistent database connections, django-redis). Then:

1. PostgreSQL stops while people browse: pages already cached still serve,
   others answer a friendly 503 (JSON for the API), /healthz says 503.
2. PostgreSQL is down when a survey is sent: the form comes back with the
   person's answers and a message that they were not saved; nothing is stored.
3. PostgreSQL comes back: the same app processes serve every page again, and
   the same answers sent again are stored once.
4. Redis stops: every page serves from the database, and survey answers are
   still taken. Redis comes back: pages are cached again.

It prints a line for each check and exits 1 if any fails. An import killed
halfway and very large or malformed uploads are checked by `make test`
(tests/test_faults.py, tests/test_admin_import_export.py).
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg2
from common import (
    SURVEY,
    prepare_demo_database,
    start_production_server,
    survey_form_fields,
    wait_for_server,
)

HOST = "127.0.0.1"
PG_PORT, REDIS_PORT, APP_PORT = 55432, 56379, 8768
DATABASE_URL = f"postgres://postgres@{HOST}:{PG_PORT}/policing_faults"
CACHED_BEFORE_OUTAGE = [
    "/",
    "/london/2009-10/",
    "/boroughs/havering/2009-10/",
    "/api/v1/boroughs/havering/performance/2009-10",
]
NOT_CACHED_BEFORE_OUTAGE = ["/london/2008-09/", "/boroughs/camden/2009-10/", "/data/"]

failures: list[str] = []


def check(description: str, ok: bool, detail: str = "") -> None:
    print(
        f"{'PASS' if ok else 'FAIL'}  {description}"
        + (f"  ({detail})" if detail and not ok else "")
    )
    if not ok:
        failures.append(description)


def get(path: str, headers=None) -> tuple[int, str, dict]:
    conn = http.client.HTTPConnection(HOST, APP_PORT, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace"), dict(response.getheaders())


def post_survey(fields: dict, cookie: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(HOST, APP_PORT, timeout=30)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": f"http://{HOST}:{APP_PORT}/have-your-say/{SURVEY}/",
    }
    conn.request("POST", f"/have-your-say/{SURVEY}/", urllib.parse.urlencode(fields), headers)
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace")


class OwnPostgres:
    """A throwaway PostgreSQL cluster, run as the postgres user when this runs as root."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise SystemExit(
                "make faults needs the PostgreSQL server binaries (apt-get install postgresql)"
            )
        self.bin = Path(found[-1]).parent
        self.dir = tempfile.mkdtemp(prefix="policing-faults-pg-")
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")

    def run(self, *args):
        subprocess.run([*self.as_postgres, *args], check=True, stdout=subprocess.DEVNULL)

    def init(self):
        self.run(
            str(self.bin / "initdb"), "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust"
        )

    def start(self):
        options = f"-p {PG_PORT} -k {self.dir} -h {HOST}"
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            f"{self.dir}/data",
            "-o",
            options,
            "-l",
            f"{self.dir}/log",
            "-w",
            "start",
        )

    def stop(self):
        self.run(str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def start_redis() -> subprocess.Popen:
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if (
            subprocess.run(
                ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True
            ).returncode
            == 0
        ):
            return redis
        time.sleep(0.1)
    raise SystemExit("Redis did not start")


def stored_responses(token: str) -> int:
    with psycopg2.connect(DATABASE_URL) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM consultation_response WHERE form_token = %s", [token])
        return cursor.fetchone()[0]


def outage_page(status: int, body: str) -> bool:
    return status == 503 and "Sorry, the service is unavailable" in body and "Traceback" not in body


def main() -> int:
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/0",
        "SECRET_KEY": "faults-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "0",
        "LOG_FORMAT": "json",
        "BIND": f"{HOST}:{APP_PORT}",
        "WEB_CONCURRENCY": "2",
    }
    postgres = OwnPostgres()
    redis = app = None
    try:
        print("Starting a PostgreSQL and a Redis of its own, with the demo data…")
        postgres.init()
        postgres.start()
        redis = start_redis()
        prepare_demo_database(DATABASE_URL, env)
        app = start_production_server(env)
        wait_for_server(HOST, APP_PORT)
        before = {path: get(path) for path in CACHED_BEFORE_OUTAGE}  # now in the cache
        conn = http.client.HTTPConnection(HOST, APP_PORT, timeout=30)
        fields, cookie = survey_form_fields(conn)
        token = uuid.uuid4().hex
        answers = {**fields, "form_token": token}

        print("\n1. PostgreSQL stops while people browse")
        postgres.stop()
        for path, (_, body, _) in before.items():
            status, again, _ = get(path)
            check(
                f"cached {path} still serves the same page",
                status == 200 and again == body,
                str(status),
            )
        for path in NOT_CACHED_BEFORE_OUTAGE:
            status, body, headers = get(path)
            check(
                f"{path} answers a friendly 503 with Retry-After",
                outage_page(status, body) and headers.get("Retry-After") == "60",
                str(status),
            )
        status, body, _ = get("/api/v1/years")
        check("the API answers 503 in JSON", status == 503 and '"message"' in body, str(status))
        status, _, _ = get("/healthz")
        check("/healthz answers 503 for the load balancer", status == 503, str(status))

        print("\n2. PostgreSQL is down when a survey is sent")
        status, body = post_survey(answers, cookie)
        # The survey's questions are in the cache, so the form itself comes back.
        kept = all(
            f'value="{value}" checked' in body for name, value in fields.items() if name[0] == "q"
        )
        check(
            "the person is told their answers were not saved, and they are still in the form",
            status == 503 and "Your answers have not been saved" in body and kept,
            str(status),
        )

        print("\n3. PostgreSQL comes back")
        postgres.start()
        check("nothing of the failed submission was stored", stored_responses(token) == 0)
        status, _, _ = get("/healthz")
        check("/healthz answers 200 again, without restarting the app", status == 200, str(status))
        for path in NOT_CACHED_BEFORE_OUTAGE:
            status, _, _ = get(path)
            check(f"{path} serves again", status == 200, str(status))
        status, _ = post_survey(answers, cookie)
        check("the same answers sent again are accepted", status == 302, str(status))
        status, _ = post_survey(answers, cookie)
        check("and stored once, even if sent twice", stored_responses(token) == 1)

        print("\n4. Redis stops")
        redis.terminate()
        redis.wait(timeout=10)
        for path in [*CACHED_BEFORE_OUTAGE, *NOT_CACHED_BEFORE_OUTAGE]:
            status, _, _ = get(path)
            check(f"{path} serves from the database", status == 200, str(status))
        second = uuid.uuid4().hex
        status, _ = post_survey({**fields, "form_token": second}, cookie)
        check(
            "survey answers are still taken",
            status == 302 and stored_responses(second) == 1,
            str(status),
        )
        redis = start_redis()
        get("/boroughs/havering/2009-10/")
        keys = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "dbsize"], capture_output=True, text=True
        )
        check(
            "Redis back: pages are cached again",
            int(keys.stdout.strip() or 0) > 0,
            keys.stdout.strip(),
        )
    finally:
        if app:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=30)
        if redis:
            redis.terminate()
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            postgres.stop()
        postgres.remove()

    print()
    if failures:
        print(f"{len(failures)} check(s) failed.")
        return 1
    print("Every fault check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
