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


@pytest.fixture
def site(live_server, settings):
    """The demo site, served by the live server, for a person to use."""
    from django.core.management import call_command

    restore_reference_data()
    settings.SURVEY_SUBMISSION_RATE = "1000/m"
    call_command("load_demo", verbosity=0)
    return live_server.url
