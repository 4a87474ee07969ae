"""Benchmark: does a public answer cost more with the whole record loaded?

Run from the project root (``make bench-data-size``):

    .venv/bin/python bench/data_size.py [--requests 30]

It makes a fresh PostgreSQL database and loads the *2008–2016 demo*: the printed leaflet's
figures, the police's first edition (borough counts 2008 to 2016) and, so that there
are ward pages to time, the ward edition. It times one address of each page kind in a
child process using Django's test client (no server or network in the figures). Then it
loads *the whole record* on top, every edition in performance/data/ (borough counts
2010 to 2025 in three more editions, and MOPAC's attitude survey), timing how long each
edition takes to publish, and times the same addresses again.

Each address is timed two ways, always with a session cookie so the shared cache never
answers (as ``make bench``'s uncached mode):
- *uncached*: the answer as a visitor reads it after its first request under a
  publication (stored as built, sitewide.stored): the cost issue 30 holds flat;
- *first build*: the first request after a publication, when the answer is built from the
  releases (the worker does this for the most read answers; sitewide.warming).

Goals (issues 12 and 30), checked at the end; the script exits 1 if any is missed:
- every page kind's uncached median with the whole record within 1.5 times its median
  with the 2008–2016 demo;
- publishing each edition of the whole record, for every borough and every year it
  revises, in under 30 seconds.
"""

from __future__ import annotations

import argparse
import json
import sys

from common import PYTHON, fresh_database, run, test_client_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_size"
# One address of each kind (issue 30), each in both records.
PAGES = {
    "home": "/",
    "London": "/london/2009-10/",
    "borough": "/boroughs/havering/2009-10/",
    "ward": "/boroughs/havering/wards/E05013973/",
    "compare": "/boroughs/havering/2009-10/compare/",
    "corrections": "/london/2009-10/corrections/",
    "as-published": "/boroughs/havering/2009-10/as-published/2010-06-01/",
    "download CSV": "/data/boroughs/havering.csv",
    "data package": "/data/datapackage.json",
    "API": "/api/v1/boroughs/havering/performance/2009-10",
}
GOAL = 1.5
PUBLISH_GOAL_SECONDS = 30.0

# Loads a stage of the record, then times every page; prints one line of JSON.
STAGE = """
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
from django.utils import timezone
from performance import demo
from sitewide.cache import invalidate_public_pages

stage, pages, requests = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
first, ward = demo.EDITIONS[0], demo.EDITIONS[-1]
published, imported = {}, {}
if stage == "demo":
    demo.load_demo(editions=[first, ward], attitudes=False)
else:
    # Released now: the ward edition (of April 2026) is already out, and releases go forward.
    for edition in demo.EDITIONS[1:-1]:
        started = time.perf_counter()
        demo.import_edition(edition)
        imported[edition.file_name] = time.perf_counter() - started
        started = time.perf_counter()
        demo.publish_edition(edition, release_at=timezone.now())
        published[edition.file_name] = time.perf_counter() - started
    demo.load_attitudes(release_at=timezone.now())

client = Client()
client.cookies["sessionid"] = "bench-visitor"  # with a cookie: never from the shared cache


sizes = {}


def get(path):
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    sizes[path] = len(response.content)
    return (time.perf_counter() - started) * 1000


built, stored = {}, {}
for name, path in pages.items():
    for _ in range(3):
        get(path)  # each kind's code and templates loaded before timing
    times = []
    for _ in range(max(3, requests // 3)):
        invalidate_public_pages()  # a publication: the next request builds the answer
        times.append(get(path))
    built[name] = statistics.median(times)
    stored[name] = statistics.median(get(path) for _ in range(requests))
kilobytes = {name: sizes[path] / 1024 for name, path in pages.items()}
print(json.dumps({"built": built, "stored": stored, "kilobytes": kilobytes,
                  "published": published, "imported": imported}))
"""


def run_stage(env: dict, stage: str, requests: int) -> dict:
    _, _, output = run(
        [PYTHON, "-c", STAGE, stage, json.dumps(PAGES), str(requests)], env, f"the {stage} stage"
    )
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    options = parser.parse_args()
    env = test_client_env(options.database_url)
    fresh_database(options.database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrating")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collecting static files")
    print("Loading the 2008–2016 demo and timing every page kind…", flush=True)
    demo = run_stage(env, "demo", options.requests)
    print("Loading the whole record on top and timing them again…", flush=True)
    whole = run_stage(env, "whole", options.requests)

    print("\nEach further edition (every borough, every year it revises): seconds to")
    print(f"  {'edition':62} {'import':>7} {'publish':>8}")
    missed = []
    for name, seconds in whole["published"].items():
        print(f"  {name:62} {whole['imported'][name]:7.1f} {seconds:8.1f}")
        if seconds >= PUBLISH_GOAL_SECONDS:
            missed.append(f"publishing {name} under {PUBLISH_GOAL_SECONDS:.0f} s")

    print(f"\nMedian ms per request with a session cookie, {options.requests} requests a page")
    print(
        f"{'page':14} {'uncached: demo':>15} {'whole':>7} {'ratio':>6}"
        f" {'first build: demo':>18} {'whole':>7} {'ratio':>6} {'KB: demo':>9} {'whole':>6}"
    )
    for name in PAGES:
        ratio = whole["stored"][name] / demo["stored"][name]
        built_ratio = whole["built"][name] / demo["built"][name]
        print(
            f"{name:14} {demo['stored'][name]:15.1f} {whole['stored'][name]:7.1f} {ratio:6.2f}"
            f" {demo['built'][name]:18.1f} {whole['built'][name]:7.1f} {built_ratio:6.2f}"
            f" {demo['kilobytes'][name]:9.0f} {whole['kilobytes'][name]:6.0f}"
        )
        if ratio > GOAL:
            missed.append(f"{name} uncached with the whole record within {GOAL}x")
    print()
    for name in PAGES:
        goal = f"{name} uncached with the whole record within {GOAL}x"
        print(f"Goal: {goal}: {'MISSED' if goal in missed else 'met'}")
    for name in whole["published"]:
        goal = f"publishing {name} under {PUBLISH_GOAL_SECONDS:.0f} s"
        print(f"Goal: {goal}: {'MISSED' if goal in missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
