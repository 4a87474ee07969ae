"""Benchmark: every borough's printable leaflet for a year, drawn by the command.

Run from the project root (``make bench-leaflets``):

    .venv/bin/python bench/leaflets.py [--database-url URL]

Loads the demo into a fresh PostgreSQL database, then times ``build_leaflets 2009/10``
writing one PDF per borough, and fails unless there are 32, each a PDF. It replaces the
test that drew all 32 inside `make test` (over a minute of a two-core machine's time);
the suite draws one borough's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, fresh_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/policing_bench_leaflets"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    url = parser.parse_args().database_url
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "HTTPS": "0",
    }
    fresh_database(url)
    for args in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        done = subprocess.run(
            [PYTHON, "manage.py", "build_leaflets", "2009/10", "--out", folder],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        files = sorted(Path(folder).glob("*.pdf"))
        pdfs = [f for f in files if f.read_bytes().startswith(b"%PDF")]
        print(f"build_leaflets 2009/10: {len(files)} files, {len(pdfs)} PDFs in {seconds:.1f} s "
              f"({seconds / max(len(files), 1):.2f} s a leaflet)")  # fmt: skip
        print(done.stdout.strip())
    if len(pdfs) != 32 or "Wrote 32 leaflets" not in done.stdout:
        print("FAILED: expected one PDF for each of the 32 boroughs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
