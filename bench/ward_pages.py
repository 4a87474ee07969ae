"""Benchmark: does a borough's page cost more with every ward loaded? And what do the ward
pages cost?

Run from the project root (``make bench-wards``):

    .venv/bin/python bench/ward_pages.py [--requests 40]

It makes a fresh PostgreSQL database with the demo data, which holds the police's ward
edition (679 wards, 18,669 rows of 25 months), and times pages rendered afresh (the
stored pages and remembered reads are dropped before each request, as a publication
drops them) in a child process using Django's test client, counting each page's
queries. It then deletes the ward edition and the wards and times the borough pages
again.

Goal (issue 28): the borough page's query count the same with and without the wards, and
its median within 1.2 times. The ward pages are timed for the record. Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import json
import sys

from common import PYTHON, prepare_demo_database, run, test_client_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_wards"
BOROUGH_PAGES = {
    "borough, latest": "/boroughs/havering/",
    "borough, 2024/25": "/boroughs/havering/2024-25/",
    "borough API": "/api/v1/boroughs/havering/performance/2024-25",
}
WARD_PAGES = {
    "ward list": "/boroughs/croydon/wards/",
    "ward page": "/boroughs/havering/wards/E05013973/",
    "ward API": "/api/v1/wards/E05013973",
    "ward CSV": "/data/boroughs/croydon-wards.csv",
    "London map": "/london/2024-25/",
}
GOAL = 1.2

TIMER = """
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from sitewide.cache import invalidate_public_pages

client = Client()
client.cookies["sessionid"] = "bench"  # a visitor with a cookie is never served from cache
pages, requests = json.loads(sys.argv[1]), int(sys.argv[2])
results = {}
for name, path in pages.items():
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    # Every stored page and remembered read dropped first, as a publication does: each
    # request renders its page from the database.
    invalidate_public_pages()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    # Counted now: the next request's reset empties the log the capture reads from.
    count = len(queries)
    times = []
    for _ in range(requests):
        invalidate_public_pages()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    results[name] = [statistics.median(times), count]
print(json.dumps(results))
"""

DROP_WARDS = """
from boroughs.models import Ward
from performance.models import CrimeEdition
CrimeEdition.objects.filter(layout="ward").delete()
Ward.objects.all().delete()
"""


def time_pages(env: dict, pages: dict, requests: int) -> dict[str, list]:
    _, _, output = run(
        [PYTHON, "-c", TIMER, json.dumps(pages), str(requests)], env, "timing the pages"
    )
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    options = parser.parse_args()
    env = test_client_env(options.database_url)
    print("Preparing a fresh PostgreSQL database with the demo data (679 wards)…", flush=True)
    prepare_demo_database(options.database_url, env)
    wards = time_pages(env, {**BOROUGH_PAGES, **WARD_PAGES}, options.requests)
    run([PYTHON, "manage.py", "shell", "-c", DROP_WARDS], env, "removing the wards")
    without = time_pages(env, BOROUGH_PAGES, options.requests)

    print(f"\nMedian ms per freshly rendered request ({options.requests} a page) and queries")
    print(
        f"{'page':18} {'679 wards':>10} {'queries':>8} {'no wards':>9} {'queries':>8} {'ratio':>6}"
    )
    missed = []
    for name in BOROUGH_PAGES:
        (with_ms, with_q), (no_ms, no_q) = wards[name], without[name]
        ratio = with_ms / no_ms
        print(f"{name:18} {with_ms:10.1f} {with_q:8d} {no_ms:9.1f} {no_q:8d} {ratio:6.2f}")
        if with_q != no_q or ratio > GOAL:
            missed.append(name)
    for name in WARD_PAGES:
        ms, queries = wards[name]
        print(f"{name:18} {ms:10.1f} {queries:8d}")
    for name in BOROUGH_PAGES:
        verdict = "MISSED" if name in missed else "met"
        print(f"Goal: {name}, same queries and within {GOAL}x with every ward: {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
