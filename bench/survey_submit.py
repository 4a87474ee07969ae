"""Benchmark: valid survey responses posted concurrently to gunicorn on PostgreSQL.

Run from the project root (``make bench-survey``):

    .venv/bin/python bench/survey_submit.py [--seconds 30] [--clients 8] [--workers 4]

It makes a fresh database with the demo data, starts gunicorn (the production
WSGI server) on 127.0.0.1 with Redis as the shared cache, and has several
client processes each fetch the survey form once (for its CSRF cookie) and
then post valid responses, each with a new form token, as fast as the server
answers, for the time given. It prints accepted responses per second and
checks that the database holds exactly the number of responses the server
accepted (a 302 to the confirmation page).

The survey's per-address rate limit would stop one address sending this many:
the benchmark raises it (SURVEY_SUBMISSION_RATE) for its own server and says
so. The server trusts no forwarded-address header (none is configured).

Goal (issue 4): at least 150 accepted responses per second on this machine.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import redis
from common import (
    PYTHON,
    ROOT,
    SURVEY,
    prepare_demo_database,
    survey_form_fields,
    wait_for_server,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_survey"
# A Redis database of its own, emptied at the start.
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
HOST, PORT = "127.0.0.1", 8765
RATE_FOR_BENCH = "1000000/m"


def client(deadline: float, results) -> None:
    try:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        fields, cookie = survey_form_fields(conn)
    except Exception as error:
        results.put((0, 0, f"could not fetch the form: {error!r}"))
        return
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": f"http://{HOST}:{PORT}/have-your-say/{SURVEY}/",
    }
    accepted = other = 0
    while time.monotonic() < deadline:
        body = urllib.parse.urlencode({**fields, "form_token": uuid.uuid4().hex})
        conn.request("POST", f"/have-your-say/{SURVEY}/", body, headers)
        response = conn.getresponse()
        response.read()
        if response.status == 302 and "confirmation" in (response.getheader("Location") or ""):
            accepted += 1
        else:
            other += 1
    results.put((accepted, other, ""))


def count_responses(env) -> int:
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from consultation.models import Response; "
            f"print(Response.objects.filter(survey__slug='{SURVEY}').count())",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_SURVEY_DATABASE_URL", DEFAULT_URL)
    )
    options = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: no TLS in front of this local server.
        "HTTPS": "0",
        "SURVEY_SUBMISSION_RATE": RATE_FOR_BENCH,
        "LOG_LEVEL": "WARNING",
        # As in production: rate-limit counters and the survey's questions in Redis.
        "REDIS_URL": options.redis_url,
    }
    env.pop("RATELIMIT_IP_META_KEY", None)
    print("Preparing a fresh PostgreSQL database with the demo data…")
    prepare_demo_database(options.database_url, env)
    redis.Redis.from_url(options.redis_url).flushdb()
    before = count_responses(env)

    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "policing.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(options.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        # gunicorn.conf.py's access log, one line a request, is not wanted in the report.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_server(HOST, PORT)
        print(
            f"gunicorn: {options.workers} workers; {options.clients} clients for "
            f"{options.seconds:.0f} s; rate limit raised to {RATE_FOR_BENCH} for this run"
        )
        results = multiprocessing.Queue()
        deadline = time.monotonic() + options.seconds
        started = time.monotonic()
        processes = [
            multiprocessing.Process(target=client, args=(deadline, results))
            for _ in range(options.clients)
        ]
        for process in processes:
            process.start()
        totals = [results.get() for _ in processes]
        for process in processes:
            process.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    for _, _, problem in totals:
        if problem:
            print(problem)
    accepted = sum(a for a, _, _ in totals)
    refused = sum(o for _, o, _ in totals)
    stored = count_responses(env) - before
    rate = accepted / elapsed
    print()
    print(f"accepted responses:     {accepted:,} ({rate:,.0f} per second)")
    print(f"other answers:          {refused:,}")
    print(f"responses in database:  {stored:,}")
    print(f"database matches:       {'yes' if stored == accepted else 'NO'}")
    goal = rate >= 150 and stored == accepted
    print(f"Goal: at least 150 accepted a second, every one stored: {'met' if goal else 'MISSED'}")
    return 0 if goal else 1


if __name__ == "__main__":
    sys.exit(main())
