"""Benchmark: import every edition of the police's recorded crime in performance/data/, in
order, into PostgreSQL, each combined month by month with those before it and published.

Run from the project root (``make bench-editions``):

    .venv/bin/python bench/recorded_crime_editions.py [--database-url URL]

It makes a fresh database, migrates it, and imports each edition with
``manage.py import_recorded_crime --publish`` (checking it whole, storing every monthly
count, combining its months with the earlier editions', deriving and publishing every
result it changes), printing each one's time and peak memory. Django's start-up is in
every figure, as it is for staff running the command.

Goals (issue 26): the historical edition (949 rows, 2010-04 to 2023-09, 153,738 counts)
in under 20 s and the ward edition (18,669 rows, 25 months, 466,725 counts) in under
30 s, each under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import sys

from common import ROOT, fresh_database, run

PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_editions"
DATA = ROOT / "performance" / "data"
EDITIONS = [
    ("mps-borough-level-crime-2008-2016.csv", "2017-01-01", None),
    ("mps-borough-level-crime-historical-2010-04-to-2023-09.csv", "2023-10-01", (20, 300)),
    ("mps-borough-level-crime-24-months-2023-03-to-2025-02.csv", "2025-03-01", None),
    ("mps-borough-level-crime-24-months-2024-01-to-2025-12.csv", "2026-01-01", None),
    ("mps-ward-level-crime-24-months-2024-03-to-2026-03.csv", "2026-04-01", (30, 300)),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    options = parser.parse_args()
    fresh_database(options.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "SECRET_KEY": "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "HTTPS": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
    print(f"{'edition':60} {'seconds':>8} {'peak MB':>8}  goal")
    met = True
    for name, day, goal in EDITIONS:
        seconds, peak, _ = run(
            [
                PYTHON,
                "manage.py",
                "import_recorded_crime",
                str(DATA / name),
                "--edition",
                day,
                "--publish",
                "--reason",
                f"Benchmark: the police's edition of {day}",
            ],
            env,
            name,
        )
        verdict = ""
        if goal is not None:
            ok = seconds < goal[0] and peak < goal[1]
            met &= ok
            verdict = f"under {goal[0]} s and {goal[1]} MB: {'met' if ok else 'NOT MET'}"
        print(f"{name:60} {seconds:8.1f} {peak:8.0f}  {verdict}")
    if not met:
        raise SystemExit("A goal was not met.")


if __name__ == "__main__":
    main()
