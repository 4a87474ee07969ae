"""Benchmark: every kind of public answer, cached and uncached, beside a bare Django view.

Run from the project root (``make bench``):

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 8]

It makes a fresh PostgreSQL database with the demo data (the whole record: every police
edition since 2008, the ward edition and the attitude survey), starts the production
stack (gunicorn with ``gunicorn.conf.py``, whitenoise, Redis as the shared cache) on
127.0.0.1, and drives it with wrk. Every page kind is measured twice: *cached* (the same
address again and again, answered from Redis) and *uncached* (each request carries a
session cookie never seen before, as a member of staff's browser would, so the shared
cache never answers and every request goes through the stack to the database, where the
answer is read as it was built once after the last publication: sitewide.stored).
A bare Django view returning a short fixed page, served by the same server through the
same middleware, is measured in the same run as the yardstick. Every request asks for
gzip, as every browser does (bench/pages.lua): public answers are kept compressed, once
(sitewide.compression), where GZipMiddleware would compress each on its way out.

Goals (issues 7 and 30), checked at the end; the script exits 1 if any is missed:
- every page kind cached at least 80% of the bare view's requests per second;
- every page kind uncached at least 35% of the bare view's;
- 95th percentile latency under 50 ms for every cached page kind.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import redis
from common import prepare_demo_database, start_production_server, wait_for_server

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_pages"
# A Redis database of its own, emptied at the start, so the run begins with a cold cache.
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
HOST, PORT = "127.0.0.1", 8766
LUA = Path(__file__).with_name("pages.lua")

BARE = ("bare Django view", "/bench/bare")
# One address of each kind (issue 30), all in the demo's record.
PAGES = [
    ("home", "/"),
    ("London", "/london/2024-25/"),
    ("borough", "/boroughs/havering/2024-25/"),
    ("ward", "/boroughs/havering/wards/E05013973/"),
    ("compare", "/boroughs/havering/2024-25/compare/"),
    ("corrections", "/london/2024-25/corrections/"),
    ("as-published", "/boroughs/havering/2009-10/as-published/2010-06-01/"),
    ("download CSV", "/data/boroughs/havering.csv"),
    ("data package", "/data/datapackage.json"),
    ("API", "/api/v1/boroughs/havering/performance/2024-25"),
]

CACHED_SHARE_GOAL = 0.80
UNCACHED_SHARE_GOAL = 0.35
CACHED_P95_GOAL_MS = 50.0


@dataclass
class Result:
    name: str
    mode: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    failures: int


def run_wrk(name: str, path: str, mode: str, options, seconds: int | None = None) -> Result:
    command = [
        "wrk",
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        f"--duration={seconds or options.seconds}s",
        "--timeout=10s",
        f"--script={LUA}",
        f"http://{HOST}:{PORT}{path}",
    ]
    if mode == "uncached":
        command += ["--", "uncached"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    report = json.loads(output.strip().splitlines()[-1])
    return Result(
        name=name,
        mode=mode,
        rps=report["requests"] / report["seconds"],
        p50_ms=report["p50_ms"],
        p95_ms=report["p95_ms"],
        p99_ms=report["p99_ms"],
        failures=report["non_2xx"] + report["socket_errors"],
    )


def check_pages_answer() -> None:
    """Every measured address must be a 200 before it is timed (this also fills the cache)."""
    for name, path in [BARE, *PAGES]:
        with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=30) as response:
            if response.status != 200:
                raise SystemExit(f"{name} ({path}) answered {response.status}, not 200")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="how long each measurement runs")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench installs it)")

    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: no TLS in front of this local server.
        "HTTPS": "0",
        "LOG_FORMAT": "json",
        "BIND": f"{HOST}:{PORT}",
        "BENCHMARK_BARE_VIEW": "1",
    }
    print("Preparing a fresh PostgreSQL database with the demo data…")
    prepare_demo_database(options.database_url, env)
    redis.Redis.from_url(options.redis_url).flushdb()

    server = start_production_server(env)
    results: list[Result] = []
    try:
        wait_for_server(HOST, PORT)
        check_pages_answer()
        # Two seconds of load on every address first, not counted: each worker process
        # compiles its templates and opens its connections on its first requests.
        for name, path in [BARE, *PAGES]:
            run_wrk(name, path, "cached", options, seconds=2)
        workers = env.get("WEB_CONCURRENCY") or f"{os.cpu_count() * 2 + 1} (gunicorn.conf.py)"
        print(
            f"gunicorn: {workers} sync workers; wrk: {options.threads} threads, "
            f"{options.connections} connections, {options.seconds} s a measurement"
        )
        # The bare view first and last: the slower of the two is the yardstick, so a
        # machine that speeds up or slows down during the run does not flatter the pages.
        results.append(run_wrk(*BARE, "bare", options))
        for name, path in PAGES:
            results.append(run_wrk(name, path, "cached", options))
        for name, path in PAGES:
            results.append(run_wrk(name, path, "uncached", options))
        results.append(run_wrk(*BARE, "bare", options))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    bare_rps = min(r.rps for r in results if r.mode == "bare")
    print()
    print(
        f"{'page':<18}{'mode':<10}{'req/s':>8}{'% bare':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    )
    for r in results:
        print(
            f"{r.name:<18}{r.mode:<10}{r.rps:>8,.0f}{r.rps / bare_rps:>8.0%}"
            f"{r.p50_ms:>8.1f}{r.p95_ms:>8.1f}{r.p99_ms:>8.1f}"
            + (f"  {r.failures} failed" if r.failures else "")
        )

    goals = []
    for r in results:
        if r.mode == "cached":
            goals.append(
                (
                    f"{r.name} cached ≥ {CACHED_SHARE_GOAL:.0%} of bare",
                    r.rps >= CACHED_SHARE_GOAL * bare_rps,
                )
            )
            goals.append(
                (
                    f"{r.name} cached p95 < {CACHED_P95_GOAL_MS:.0f} ms",
                    r.p95_ms < CACHED_P95_GOAL_MS,
                )
            )
        if r.mode == "uncached":
            goals.append(
                (
                    f"{r.name} uncached ≥ {UNCACHED_SHARE_GOAL:.0%} of bare",
                    r.rps >= UNCACHED_SHARE_GOAL * bare_rps,
                )
            )
    goals.append(("every request answered 200", all(r.failures == 0 for r in results)))
    print()
    for text, met in goals:
        print(f"Goal: {text}: {'met' if met else 'MISSED'}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
