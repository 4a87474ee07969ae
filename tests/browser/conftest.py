"""Browser tests: Python Playwright driving Debian's Chromium, with pytest-django's live server.

`make test` skips them, saying why, where no Chromium is installed; in CI (CI=true)
a missing Chromium fails the run instead, since .ci/run installs it.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop; Django's live server views are ordinary code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            "Chromium is not installed at /usr/bin/chromium, so the browser tests cannot run "
            "(.ci/run installs it with apt-get)."
        )
    skip = pytest.mark.skip(
        reason="browser tests skipped: no Chromium at /usr/bin/chromium "
        "(install it with: apt-get install chromium)"
    )
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": FLAGS}


def restore_reference_data():
    """Boroughs and the measure catalogue, as migrate makes them.

    A live-server test empties the database afterwards; with other database tests in
    the same SQLite run, Django's serialized rollback does not bring these back, so the
    migrations' own functions do (they are idempotent).
    """
    import importlib

    from django.apps import apps

    from boroughs.models import Area

    if Area.objects.exists():
        return
    for module, function in [
        ("boroughs.migrations.0002_reference_areas", "add_areas"),
        ("performance.migrations.0002_reference_catalogue", "add_catalogue"),
        ("performance.migrations.0014_survey_sample_sizes", "add_group_measures"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


# The database as load_demo leaves it, copied once: each browser test starts from a copy of
# it (SQLite: milliseconds; PostgreSQL: a few seconds) instead of loading the demo again
# (20 to 30 seconds, every edition of the police's recorded crime).
_DEMO_COPY: list = []


def load_demo_once() -> None:
    """The demo data, as `load_demo` loads it: loaded once, then copied back for each
    test, with SQLite's own backup (its test database lives in this process's memory) or,
    on PostgreSQL, every table's rows by COPY."""
    import sqlite3

    from django.core.management import call_command
    from django.db import connection

    from tests.snapshots import copy_tables, restore_tables

    connection.ensure_connection()
    if _DEMO_COPY:
        if connection.vendor == "sqlite":
            _DEMO_COPY[0].backup(connection.connection)
        else:
            restore_tables(connection, _DEMO_COPY[0])
        return
    call_command("load_demo", verbosity=0)
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _DEMO_COPY.append(copy)
    else:
        _DEMO_COPY.append(copy_tables(connection))


@pytest.fixture
def site(live_server, settings):
    """The demo site, served by the live server, for a person to use."""
    restore_reference_data()
    settings.SURVEY_SUBMISSION_RATE = "1000/m"
    load_demo_once()
    return live_server.url
