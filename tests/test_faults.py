"""When something the service depends on fails: the database, or an import cut short.

A database that has stopped is simulated by making every statement fail the way
psycopg2 does when the server has gone (django.db.OperationalError); a database
that fails part-way through a write fails only on the statement named. The cache
stopping is covered in test_cache.py, and very large or malformed uploads in
test_admin_import_export.py and test_import.py.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

from consultation.models import Answer, Response
from performance.models import Figure

from .conftest import database_url_of_this_test
from .factories import good_answers, make_survey, options, questions
from .html import text
from .test_cache import CACHED

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def database_fails(when=lambda sql: True):
    """Every statement for which `when(sql)` is true fails as if the server had stopped."""

    def fail(execute, sql, params, many, context):
        if when(sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


@pytest.fixture
def visitor():
    """A browser: errors come back as the pages a visitor would see, not as exceptions."""
    return Client(raise_request_exception=False)


def test_while_the_database_is_down_pages_already_cached_still_serve(visitor, leaflet_figures):
    before = {url: visitor.get(url).content for url in CACHED}
    with database_fails():
        for url in CACHED:
            response = visitor.get(url)
            assert response.status_code == 200, url
            assert response.content == before[url], url


@pytest.mark.parametrize(
    "url",
    [
        "/london/2008-09/",
        "/boroughs/camden/2009-10/",
        "/boroughs/",
        "/data/",
        "/have-your-say/",
    ],
)
def test_while_the_database_is_down_other_pages_say_so_with_a_503(visitor, leaflet_figures, url):
    with database_fails():
        response = visitor.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text(response.content.decode())
    assert "Sorry, the service is unavailable" in page
    assert "Try again in a few minutes" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_while_the_database_is_down_the_api_answers_503_in_json(visitor, leaflet_figures):
    with database_fails():
        response = visitor.get("/api/v1/years")
    assert response.status_code == 503
    assert response.json() == {"message": "The service is unavailable. Try again later."}


def test_while_the_database_is_down_staff_pages_answer_503_too(staff_client):
    staff_client.raise_request_exception = False
    with database_fails():
        response = staff_client.get("/admin/")
    assert response.status_code == 503


def test_an_error_that_is_not_an_outage_is_still_a_500(visitor, leaflet_figures, monkeypatch):
    from performance import public

    def broken(*args, **kwargs):
        raise ValueError("a fault in the service")

    monkeypatch.setattr(public, "area_year", broken)
    response = visitor.get("/boroughs/havering/2009-10/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in text(response.content.decode())


@pytest.fixture
def survey(db):
    return make_survey()


def test_when_the_database_fails_as_a_response_is_saved_the_person_keeps_their_answers(
    visitor, survey
):
    answers = good_answers(survey)
    visitor.get(f"/have-your-say/{survey.slug}/")
    # The database stops after the first statement of the write: the response row is
    # in, its answers are not.
    with database_fails(when=lambda sql: "consultation_answer" in sql):
        response = visitor.post(f"/have-your-say/{survey.slug}/", answers)
    assert response.status_code == 503
    page = text(response.content.decode())
    assert "There is a problem" in page
    assert "Your answers have not been saved because of a problem on our side" in page
    html = response.content.decode()
    q = questions(survey)
    burglary = options(q["priorities"])["Residential burglary"]
    assert f'name="{q["priorities"].field_name}" type="checkbox" value="{burglary}" checked' in html
    assert "More patrols, please." in html
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    # Sent again once the database is back, the same answers are stored once.
    assert visitor.post(f"/have-your-say/{survey.slug}/", answers).status_code == 302
    assert Response.objects.count() == 1


def test_when_the_database_fails_as_the_checked_answers_are_sent_they_are_still_there_to_send(
    visitor, survey
):
    # Sent from the check page: it comes back with the answers, to send again.
    answers = {**good_answers(survey), "step": "check"}
    with database_fails(when=lambda sql: "consultation_answer" in sql):
        response = visitor.post(f"/have-your-say/{survey.slug}/", answers)
    assert response.status_code == 503
    page = text(response.content.decode())
    assert "Your answers have not been saved because of a problem on our side" in page
    assert "Check your answers before sending them" in page and "More patrols, please." in page
    assert Response.objects.count() == 0
    assert visitor.post(f"/have-your-say/{survey.slug}/", answers).status_code == 302
    assert Response.objects.count() == 1


def test_when_the_database_is_down_for_the_whole_submission_the_person_is_told_it_was_not_saved(
    visitor, survey
):
    answers = good_answers(survey)
    with database_fails():
        response = visitor.post(f"/have-your-say/{survey.slug}/", answers)
    assert response.status_code == 503
    page = text(response.content.decode())
    assert "What you sent has not been saved" in page
    assert "your answers should still be there" in page
    assert Response.objects.count() == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a second process writing to the same database: PostgreSQL in CI (.ci/run)",
)
@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_killed_halfway_writes_nothing(tmp_path):
    """SIGKILL the import command while it is inserting figures: none of them are stored."""
    # Every borough, three measures, 110 years: about 10,000 rows, one transaction.
    big = tmp_path / "big.csv"
    lines = ["area_code,area_name,measure,year,figure,value"] + [
        f"{code},,{measure},{year}/{str(year + 1)[2:]},result,{year - 1900}"
        for code in _borough_codes()
        for measure in ("residential-burglary", "robbery", "knife-crime")
        for year in range(1990, 2100)
    ]
    big.write_text("\n".join(lines) + "\n")
    env = {**os.environ, "DATABASE_URL": database_url_of_this_test()}
    before = Figure.objects.count()
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_figures", str(big)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_until_another_process_is_writing(), "the import never began writing"
        command.send_signal(signal.SIGKILL)
    finally:
        command.wait(timeout=30)
    assert command.returncode == -signal.SIGKILL
    assert Figure.objects.count() == before
    # The same file, left to finish, is stored whole: it was the kill that stopped it.
    subprocess.run(
        [sys.executable, "manage.py", "import_figures", str(big)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    assert Figure.objects.count() == before + len(lines) - 1


def _borough_codes():
    from boroughs.models import Area

    return list(Area.objects.boroughs().values_list("code", flat=True))


def _wait_until_another_process_is_writing(seconds=60):
    """True once another connection's transaction has written (PostgreSQL gave it an xid)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                "AND datname = current_database() AND backend_xid IS NOT NULL"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.005)
    return False
