from pathlib import Path

import pytest
from django.db import connection

from boroughs.models import Area
from performance.figures.loading import import_figures_file
from performance.models import FinancialYear

# Tests that need a second connection or process on the test's own database: SQLite's test
# database lives in this process's memory alone.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a second connection or process on the same database: PostgreSQL in CI (.ci/run)",
)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render pages without running collectstatic, so no hashed-name manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


LEAFLET_CSV = (
    Path(__file__).resolve().parent.parent
    / "performance"
    / "data"
    / ("havering-and-london-2008-2011.csv")
)


def publish_everything():
    """Publish every year's drafts now, as an administrator would after sign-off."""
    from performance.models import PublishedVia
    from performance.publication.writing import publish

    for year in FinancialYear.objects.all():
        publish(year=year, via=PublishedVia.COMMAND)


@pytest.fixture
def a_few_figures(db):
    """A few published figures (tests.factories.A_FEW_FIGURES), for tests that need some but
    not the whole leaflet."""
    from tests.factories import publish_figures

    return publish_figures()


@pytest.fixture
def leaflet_figures(db):
    """The printed leaflet's figures, imported through the import path, labelled as the
    demo labels them (levels imputed, Havering's 2009/10 targets assumed), and published."""
    from performance.demo import label_leaflet_figures

    report = import_figures_file(LEAFLET_CSV.read_bytes())
    assert report.ok, report.problems
    label_leaflet_figures()
    publish_everything()
    return report


# PostgreSQL: the demo's rows, copied after the first class loads them (tests.snapshots).
_DEMO_ROWS: list = []


@pytest.fixture(scope="class")
def demo_once(django_db_setup, django_db_blocker):
    """The demo data, loaded for a class of tests in a transaction rolled back when the
    class ends, so no test outside it sees the demo. On PostgreSQL the first class loads
    it (20 to 30 s) and the rest are given its rows back (a few seconds); SQLite loads it
    for each class (some 15 s). Tests use ``demo``."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from tests.snapshots import copy_tables, restore_tables

    with django_db_blocker.unblock(), transaction.atomic():
        if _DEMO_ROWS:
            restore_tables(connection, _DEMO_ROWS[0])
        else:
            call_command("load_demo", verbosity=0)
            if connection.vendor == "postgresql":
                # Its foreign keys (a million rows) are checked here once, not again in
                # every test's teardown (inside a savepoint that undoes the check).
                connection.check_constraints()
                _DEMO_ROWS.append(copy_tables(connection))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db):
    """The demo data, as `load_demo` loads it. Each test's own changes are rolled back to
    it, as a Django TestCase's are to its setUpTestData."""


@pytest.fixture
def havering(db):
    return Area.objects.get(slug="havering")


@pytest.fixture
def london_area(db):
    return Area.objects.london()


@pytest.fixture
def year_2009(db):
    return FinancialYear.objects.get(start_year=2009)


# ---------------------------------------------------------------- staff, by role

ADMINISTRATOR = "Administrator"
BOROUGH_EDITOR = "Borough editor"
ANALYST = "Analyst"
CONSULTATION_OFFICER = "Consultation officer"


def user_in(django_user_model, role, username, boroughs=()):
    """A member of staff in one role (None: staff with no role), editing the boroughs given."""
    from django.contrib.auth.models import Group

    from boroughs.models import BoroughAssignment

    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "x-pass-123456", is_staff=True
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    for slug in boroughs:
        BoroughAssignment.objects.create(user=user, area=Area.objects.get(slug=slug))
    return user


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def administrator(db, django_user_model):
    return user_in(django_user_model, ADMINISTRATOR, "staff")


@pytest.fixture
def havering_editor(db, django_user_model):
    return user_in(django_user_model, BOROUGH_EDITOR, "havering-editor", ["havering"])


@pytest.fixture
def analyst(db, django_user_model):
    return user_in(django_user_model, ANALYST, "ana")


@pytest.fixture
def consultation_officer(db, django_user_model):
    return user_in(django_user_model, CONSULTATION_OFFICER, "officer")


@pytest.fixture
def staff_client(client, administrator):
    """The admin as an Administrator: a real role, not a superuser."""
    return signed_in(client, administrator)


@pytest.fixture
def editor_client(client, havering_editor):
    """The admin as a Borough editor for Havering only."""
    return signed_in(client, havering_editor)


@pytest.fixture
def analyst_client(client, analyst):
    return signed_in(client, analyst)


@pytest.fixture
def officer_client(client, consultation_officer):
    return signed_in(client, consultation_officer)


def csv_bytes(*rows, header="area_code,area_name,measure,year,figure,value"):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached pages start afresh in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# ---------------------------------------------------------------- background jobs


def run_queued_jobs() -> int:
    """Run every queued background task, as `manage.py db_worker --batch` would.

    The worker's own loop also recycles database connections, which inside a test's
    transaction would end it; so its task runner is used directly, task by task.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def database_url_of_this_test() -> str:
    """DATABASE_URL for another process to use the test's own (PostgreSQL) database."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


RELEASE_ADD = "/admin/performance/release/add/"


def publish_as_reviewed(client, chosen: dict):
    """Review a release, then press its Publish button, as an Administrator does: the
    confirmation carries what the review showed (its plan's digest)."""
    from tests.html import form_fields

    review = client.post(RELEASE_ADD, chosen)
    assert 'name="plan_digest"' in review.content.decode(), "no Publish button to press"
    return client.post(RELEASE_ADD, form_fields(review.content.decode()))
