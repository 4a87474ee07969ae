"""Settings come from the environment, and production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "policing.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_debug_off_and_no_secret_key_the_app_refuses_to_start_and_says_why():
    result = start_django()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_with_debug_off_and_a_secret_key_the_app_starts():
    assert start_django(SECRET_KEY="a" * 50).stdout.strip() == "started"


def test_with_debug_on_the_app_starts_without_a_secret_key():
    assert start_django(DEBUG="1").stdout.strip() == "started"


def test_a_misspelt_boolean_fails_loudly():
    result = start_django(DEBUG="flase", SECRET_KEY="a" * 50)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False), ("", False)],
)
def test_env_bool_reads_strictly(monkeypatch, raw, expected):
    from policing.environment import env_bool

    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_allowed_hosts_and_database_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLOWED_HOSTS, settings.DATABASES['default']['ENGINE'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "policing.settings",
            "SECRET_KEY": "a" * 50,
            "ALLOWED_HOSTS": "policing.example.org, www.policing.example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == (
        "['policing.example.org', 'www.policing.example.org'] django.db.backends.postgresql"
    )


def test_healthz_says_whether_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    from django.db import DatabaseError

    from policing import views

    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def run_on_an_embedded_database(code: str, tmp_path):
    """Python code run in a process of its own, with Django set up on a SQLite file."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "policing.settings",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_embedded_database_waits_for_a_background_imports_transaction(tmp_path):
    """A web request writing (its session) while a worker's import holds SQLite's write
    lock for longer than SQLite's default 5 s waits for it, instead of failing."""
    code = """
import sqlite3, threading
import django
django.setup()
from django.conf import settings
from django.db import connection

path = settings.DATABASES["default"]["NAME"]
connection.cursor().execute("CREATE TABLE t (x integer)")
worker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
worker.execute("BEGIN IMMEDIATE")
worker.execute("INSERT INTO t VALUES (1)")
threading.Timer(7, lambda: worker.execute("COMMIT")).start()
connection.cursor().execute("INSERT INTO t VALUES (2)")
print(connection.cursor().execute("SELECT count(*) FROM t").fetchone()[0])
"""
    result = run_on_an_embedded_database(code, tmp_path)
    assert result.stdout.strip() == "2", result.stderr[-500:]


def test_the_embedded_database_never_fails_a_transaction_that_reads_then_writes(tmp_path):
    """A request's transaction that reads, then writes, while the job worker writes: begun
    lazily, SQLite refuses the upgrade at once ("database is locked", a 500 when staff saved
    figures during `make run`); begun for writing, it waits its turn."""
    code = """
import sqlite3, threading, time
import django
django.setup()
from django.conf import settings
from django.db import connection, transaction

path = settings.DATABASES["default"]["NAME"]
connection.cursor().execute("CREATE TABLE t (x integer)")
inserted = threading.Event()

def worker():
    other = sqlite3.connect(path, isolation_level=None, timeout=20)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    inserted.set()
    time.sleep(1)
    other.execute("COMMIT")

with transaction.atomic():
    connection.cursor().execute("SELECT count(*) FROM t").fetchone()
    thread = threading.Thread(target=worker)
    thread.start()
    inserted.wait(3)
    connection.cursor().execute("INSERT INTO t VALUES (2)")
thread.join()
print(connection.cursor().execute("SELECT count(*) FROM t").fetchone()[0])
"""
    result = run_on_an_embedded_database(code, tmp_path)
    assert result.stdout.strip() == "2", result.stderr[-500:]
