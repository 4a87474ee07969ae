"""What the benchmarks share."""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The demo data's open residents' survey.
SURVEY = "residents-2011-12"


def test_client_env(database_url: str) -> dict:
    """The environment of a child process that renders pages with Django's test client
    from the database at ``database_url``, as production would (DEBUG off, no Redis)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "policing.settings",
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
    }


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database the URL names, on the same server."""
    server, name = url.rsplit("/", 1)
    admin = psycopg2.connect(server + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare_demo_database(url: str, env: dict) -> None:
    """A fresh database with the demo data, and the static files the server will serve."""
    fresh_database(url)
    for args in (["migrate", "--noinput", "-v0"], ["load_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )


def start_production_server(env: dict) -> subprocess.Popen:
    """gunicorn with the production config (gunicorn.conf.py); BIND in env says where."""
    return subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py", "policing.wsgi"],
        env=env,
        cwd=ROOT,
        # The access log (one JSON line a request) is still written, as in production,
        # but not into the report.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_server(host: str, port: int, seconds: float = 30) -> None:
    """Return once the server answers /healthz; fail if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"The server on {host}:{port} did not answer /healthz within {seconds:.0f} s")


def survey_form_fields(conn) -> tuple[dict, str]:
    """The CSRF cookie and the answers a valid response gives, sent whole (as a script or a
    keyed paper form may): the form's first page for the cookie, its questions page (after
    choosing the borough) for the questions."""
    conn.request("GET", f"/have-your-say/{SURVEY}/")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    fields = {"csrfmiddlewaretoken": token, "borough": "havering", "website": ""}
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": f"http://{conn.host}:{conn.port}/have-your-say/{SURVEY}/",
    }
    body = urllib.parse.urlencode({**fields, "step": "borough"})
    conn.request("POST", f"/have-your-say/{SURVEY}/", body, headers)
    html = conn.getresponse().read().decode()
    # The first option of each required question: the priorities checkbox and the rating.
    for name in dict.fromkeys(re.findall(r'name="(q\d+)" type="(?:checkbox|radio)"', html)):
        fields[name] = re.search(rf'name="{name}" type="\w+" value="(\d+)"', html).group(1)
    return fields, cookie


def run(args, env, label, *, check=True):
    """Run a child process; return (seconds, that child's peak resident memory in MB, output)."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().strip()
    if check and child.returncode != 0:
        sys.stderr.write(output + "\n")
        raise SystemExit(f"{label} failed")
    return seconds, usage.ru_maxrss / 1024, output
