"""Benchmark: does a public page cost more when the database holds more history?

Run from the project root (``make bench-data-size``):

    .venv/bin/python bench/data_size.py [--figures 100000] [--requests 40]

It makes a fresh PostgreSQL database with the demo data and times the home, London
and borough pages *uncached* (each request carries a session cookie, so the page
cache is skipped and the page is built from the database), in a child process
using Django's test client: no server or network in the figures. It then imports and
publishes ``--figures`` historical figures (every area and offence measure, results
and targets, for years long before the demo's) and times the same pages again.

Goal (issue 12): each page's median within 1.5 times its median with the demo data
alone. The script exits 1 if any page misses it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

from common import PYTHON, prepare_demo_database, run, test_client_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_size"
PAGES = {
    "home": "/",
    "London": "/london/2009-10/",
    "borough": "/boroughs/havering/2009-10/",
    "API": "/api/v1/boroughs/havering/performance/2009-10",
}
GOAL = 1.5
AREAS = [f"E09{n:06d}" for n in range(2, 34)] + ["E23000001"]
OFFENCE_MEASURES = [
    "residential-burglary",
    "robbery",
    "theft-from-vehicles",
    "theft-of-vehicles",
    "most-serious-violence",
    "serious-youth-violence",
    "knife-crime",
    "gun-crime",
    "total-crime",
]

TIMER = """
import json, os, statistics, sys, time
import django
django.setup()
from django.test import Client

client = Client()
client.cookies["sessionid"] = "bench"  # a visitor with a cookie is never served from cache
pages, requests = json.loads(sys.argv[1]), int(sys.argv[2])
medians = {}
for name, path in pages.items():
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    medians[name] = statistics.median(times)
print(json.dumps(medians))
"""


# Figures may be for 1990/91 onwards (docs/figures.md), so the history before the demo's
# years is widened with extra offence measures, as a catalogue that grew would be.
HISTORY_YEARS = range(2007, 1989, -1)
EXTRA_MEASURES = 80
ADD_MEASURES = f"""
from performance.models import Measure
for n in range({EXTRA_MEASURES}):
    Measure.objects.get_or_create(
        slug=f"history-{{n}}",
        defaults=dict(name=f"Historical measure {{n}}", unit="offences", better="lower",
                      target_kind="change", position=900 + n),
    )
"""


def write_history(path: Path, count: int) -> None:
    """``count`` distinct figures for years before the demo's: results and targets."""
    measures = OFFENCE_MEASURES + [f"history-{n}" for n in range(EXTRA_MEASURES)]
    written = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["area_code", "area_name", "measure", "year", "figure", "value"])
        for start in HISTORY_YEARS:
            for code in AREAS:
                for n, slug in enumerate(measures):
                    year = f"{start}/{(start + 1) % 100:02d}"
                    for kind, value in (("result", 500 + (start + n) % 97), ("target", "-2.5")):
                        writer.writerow([code, "", slug, year, kind, value])
                        written += 1
                        if written == count:
                            return


def time_pages(env: dict, requests: int) -> dict[str, float]:
    _, _, output = run(
        [PYTHON, "-c", TIMER, json.dumps(PAGES), str(requests)], env, "timing the pages"
    )
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    options = parser.parse_args()
    env = test_client_env(options.database_url)
    print("Preparing a fresh PostgreSQL database with the demo data…", flush=True)
    prepare_demo_database(options.database_url, env)
    before = time_pages(env, options.requests)

    with tempfile.TemporaryDirectory() as folder:
        run([PYTHON, "manage.py", "shell", "-c", ADD_MEASURES], env, "adding measures")
        path = Path(folder) / "history.csv"
        write_history(path, options.figures)
        print(f"Importing and publishing {options.figures:,} historical figures…", flush=True)
        seconds, memory, _ = run(
            [PYTHON, "manage.py", "import_figures", str(path), "--publish", "--reason", "History"],
            env,
            "importing the history",
        )
        print(f"  took {seconds:.0f} s, peak {memory:.0f} MB", flush=True)
    after = time_pages(env, options.requests)

    print(f"\nMedian ms per uncached request, {options.requests} requests a page")
    print(f"{'page':10} {'demo':>8} {'+history':>9} {'ratio':>6}")
    missed = []
    for name in PAGES:
        ratio = after[name] / before[name]
        print(f"{name:10} {before[name]:8.1f} {after[name]:9.1f} {ratio:6.2f}")
        if ratio > GOAL:
            missed.append(name)
    for name in PAGES:
        verdict = "MISSED" if name in missed else "met"
        print(f"Goal: {name} with {options.figures:,} more figures within {GOAL}x: {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
