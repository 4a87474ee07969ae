"""Benchmark: import a 100,000-row figures file into PostgreSQL with import_figures.

Run from the project root (``make bench-import``):

    .venv/bin/python bench/import_figures.py [--rows 100000] [--database-url URL]

It makes a fresh database, migrates it, writes a figures file of the size asked
for, imports it with ``manage.py import_figures`` (full validation, one
transaction) and prints rows per second and the importer's peak memory. It
then loads the same rows with a plain ``bulk_create`` as the floor to compare
with, and imports the same file a second time (every row unchanged).

Goal (issue 3): 100,000 rows in under 30 seconds and under 500 MB.

Then (issue 13) it imports the police's recorded crime edition of January 2017
(performance/data/mps-borough-level-crime-2008-2016.csv: 1,056 rows, 114,048 monthly
counts) with ``manage.py import_recorded_crime``, deriving every figure, and publishes it.
Goal: under 10 seconds and 300 MB, including deriving every figure.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

from common import fresh_database, run

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench"

BOROUGHS = [f"E09{n:06d}" for n in range(2, 34)] + ["E23000001"]
MEASURES = {
    "total-crime": "offences",
    "serious-acquisitive-crime": "offences",
    "residential-burglary": "offences",
    "robbery": "offences",
    "theft-from-vehicles": "offences",
    "theft-of-vehicles": "offences",
    "most-serious-violence": "offences",
    "serious-youth-violence": "offences",
    "knife-crime": "offences",
    "gun-crime": "offences",
    "public-confidence": "percent",
    "victim-satisfaction": "percent",
    "victim-satisfaction-gap": "points",
    "sanction-detection-rate": "percent",
}


def write_figures(path: Path, rows: int, shift: int = 0) -> None:
    """Distinct (area, measure, year, figure) rows with values valid for each unit.

    A different ``shift`` changes every value, for timing a file that updates every figure.
    """
    written = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["area_code", "area_name", "measure", "year", "figure", "value"])
        for start in range(1990, 2099):
            for code in BOROUGHS:
                for slug, unit in MEASURES.items():
                    for figure in ("result", "target"):
                        if written == rows:
                            return
                        n = (written + shift) % 997
                        if unit == "offences":
                            value = str(100 + n) if figure == "result" else f"-{n % 50 / 10}"
                        else:
                            value = f"{(n % 900) / 10}"
                        writer.writerow(
                            [code, "", slug, f"{start}/{(start + 1) % 100:02d}", figure, value]
                        )
                        written += 1
    if written < rows:
        raise SystemExit(f"Can make at most {written} distinct rows.")


BULK_CREATE = """
import csv, sys
from decimal import Decimal
import django
django.setup()
from django.db import transaction
from boroughs.models import Area
from performance.models import Figure, FinancialYear, Measure
import time
from django.db import connection
areas = {a.code: a.pk for a in Area.objects.all()}
measures = {m.slug: (m.pk, m.unit) for m in Measure.objects.all()}
with connection.cursor() as cursor:
    # Emptied directly: a model delete would write 100,000 history rows first.
    cursor.execute("DELETE FROM performance_figure")
with open(sys.argv[1], encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
years = {}
for row in rows:
    start = int(row["year"][:4])
    if start not in years:
        years[start] = FinancialYear.objects.get_or_create(start_year=start)[0].pk
started = time.perf_counter()
with transaction.atomic():
    Figure.objects.bulk_create(
        (
            Figure(
                area_id=areas[r["area_code"]],
                measure_id=measures[r["measure"]][0],
                year_id=years[int(r["year"][:4])],
                kind=r["figure"],
                value=Decimal(r["value"]),
                unit=measures[r["measure"]][1],
            )
            for r in rows
        ),
        batch_size=2000,
    )
print(f"{time.perf_counter() - started:.3f}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    options = parser.parse_args()

    url = options.database_url
    fresh_database(url)

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "policing.settings",
        "PYTHONPATH": str(ROOT),
    }
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "figures.csv"
        write_figures(path, options.rows)
        size_mb = path.stat().st_size / (1024 * 1024)
        print(f"Figures file: {options.rows:,} rows, {size_mb:.1f} MB; database: PostgreSQL")

        first, first_mb, out = run(
            [PYTHON, "manage.py", "import_figures", str(path)], env, "import"
        )
        print(f"  {out}")
        again, again_mb, out = run(
            [PYTHON, "manage.py", "import_figures", str(path)], env, "re-import"
        )
        print(f"  {out}")
        changed = Path(tmp) / "changed.csv"
        write_figures(changed, options.rows, shift=1)
        update, update_mb, out = run(
            [PYTHON, "manage.py", "import_figures", str(changed)], env, "update"
        )
        print(f"  {out}")
        _, floor_mb, out = run([PYTHON, "-c", BULK_CREATE, str(path)], env, "bulk_create")
        floor = float(out.splitlines()[-1])  # the bulk_create alone, timed in the process

    print()
    print(f"{'step':<40} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
    for label, seconds, peak in [
        ("import_figures, new rows", first, first_mb),
        ("import_figures again, all unchanged", again, again_mb),
        ("import_figures, every value changed", update, update_mb),
        ("plain bulk_create (floor)", floor, floor_mb),
    ]:
        print(f"{label:<40} {seconds:>8.1f} {options.rows / seconds:>9,.0f} {peak:>8.0f}")
    goal = all(
        seconds < 30 and peak < 500
        for seconds, peak in [(first, first_mb), (again, again_mb), (update, update_mb)]
    )
    crime_file = ROOT / "performance/data/mps-borough-level-crime-2008-2016.csv"
    crime, crime_mb, out = run(
        [PYTHON, "manage.py", "import_recorded_crime", str(crime_file), "--edition", "2017-01-26"],
        env,
        "import_recorded_crime",
    )
    label = "import_recorded_crime (1,056 rows)"
    print(f"{label:<40} {crime:>8.1f} {'':>9} {crime_mb:>8.0f}")
    print("  " + out.replace("\n", "\n  "))
    crime_goal = crime < 10 and crime_mb < 300
    print()
    print(
        f"Goal: {options.rows:,} rows in under 30 s and under 500 MB: {'met' if goal else 'MISSED'}"
    )
    print(
        "Goal: the recorded crime edition in under 10 s and 300 MB: "
        f"{'met' if crime_goal else 'MISSED'}"
    )
    return 0 if goal and crime_goal else 1


if __name__ == "__main__":
    sys.exit(main())
