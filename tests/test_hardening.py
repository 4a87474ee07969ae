"""The smaller holes: logs, filters, sign-in, static files, session length, HSTS, robots."""

import json
import logging
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from policing.middleware import SIGNED_IN_AT, StaticFilesMiddleware

from .test_settings import ROOT

pytestmark = pytest.mark.django_db


def test_json_logs_are_valid_json_whatever_the_message_holds():
    config = dict(django_settings.LOGGING["formatters"]["json"])
    formatter_class = config.pop("()")
    assert formatter_class == "pythonjsonlogger.json.JsonFormatter"
    formatter = JsonFormatter(**config)
    message = 'Survey "residents": a quote \\ a backslash\nand a new line'
    record = logging.LogRecord("consultation", logging.WARNING, __file__, 1, message, (), None)
    line = formatter.format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == message
    assert parsed["level"] == "WARNING" and parsed["logger"] == "consultation"
    assert parsed["time"]


def test_a_refused_next_after_signing_in_lands_on_the_admin_home(administrator):
    response = Client().post(
        "/admin/login/?next=https://evil.example/",
        {"username": "staff", "password": "x-pass-123456", "next": "https://evil.example/"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_staff_session_ends_twelve_hours_after_signing_in_however_active(
    staff_client, administrator
):
    assert staff_client.get("/admin/").status_code == 200
    session = staff_client.session
    assert time.time() - session[SIGNED_IN_AT] < 60  # stamped on the first request
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = staff_client.get("/admin/performance/figure/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert staff_client.get("/admin/").status_code == 302  # signed out, not just redirected


def _expiry_in_seconds(client):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    stored = Session.objects.get(session_key=key)
    return (stored.expire_date - timezone.now()).total_seconds()


def test_each_staff_request_renews_the_thirty_minutes_a_session_may_sit_idle(
    staff_client, administrator
):
    from django.contrib.sessions.models import Session

    assert staff_client.get("/admin/").status_code == 200
    assert 1790 < _expiry_in_seconds(staff_client) <= 1800
    key = staff_client.cookies[django_settings.SESSION_COOKIE_NAME].value
    nearly_idle = Session.objects.get(session_key=key).expire_date - timedelta(minutes=29)
    Session.objects.filter(session_key=key).update(expire_date=nearly_idle)
    assert _expiry_in_seconds(staff_client) < 70

    assert staff_client.get("/admin/performance/figure/").status_code == 200
    assert 1790 < _expiry_in_seconds(staff_client) <= 1800


def test_a_public_page_never_looks_up_or_creates_a_session_for_a_cookie(leaflet_figures):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "made-up-or-long-expired"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/boroughs/havering/")
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_the_sign_in_itself_starts_the_clock(administrator):
    client = Client()
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff", "password": "x-pass-123456"},
        REMOTE_ADDR="10.9.9.8",
    )
    assert time.time() - client.session[SIGNED_IN_AT] < 60


def test_the_static_files_manifest_is_not_served(tmp_path, settings):
    (tmp_path / "staticfiles.json").write_text('{"paths": {"admin/secret.js": "x"}}')
    (tmp_path / "site.css").write_text("body{}")
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = False
    middleware = StaticFilesMiddleware(get_response=lambda request: None)
    assert "/static/site.css" in middleware.files
    assert "/static/staticfiles.json" not in middleware.files


def test_hsts_covers_only_this_host_unless_the_domain_opts_in():
    # Settings are read at start-up, so each case starts a fresh process.
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS > 0, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("HSTS_")}
    base.update(SECRET_KEY="a" * 50, HTTPS="1", DJANGO_SETTINGS_MODULE="policing.settings")

    def run(**env):
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()

    assert run() == "True False False"
    assert run(HSTS_INCLUDE_SUBDOMAINS="1", HSTS_PRELOAD="1") == "True True True"


def test_robots_txt_keeps_the_admin_out_of_search_engines(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode().splitlines()


def test_the_favicon_browsers_ask_for_is_the_service_s_mark_not_a_404(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain[0][1] == 301
    assert response.redirect_chain[-1][0].endswith(".svg")


def test_security_txt_names_the_contact_and_an_expiry(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@policing.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:security@policing.example.org" in lines
    expires = next(line for line in lines if line.startswith("Expires: "))
    assert expires.endswith("Z")


def test_security_txt_is_absent_without_a_contact(client, settings):
    settings.SECURITY_CONTACT = ""
    assert client.get("/.well-known/security.txt").status_code == 404


def test_the_servers_access_log_is_valid_json_whatever_the_request_holds():
    """gunicorn.conf.py with LOG_FORMAT=json: each access line is one JSON object."""
    code = """
import logging.config, runpy
from gunicorn.glogging import SafeAtoms
conf = runpy.run_path("gunicorn.conf.py")
logging.config.dictConfig(conf["logconfig_dict"])
request = 'GET /?q="\\\\x\\\\u12" HTTP/1.1'
atoms = SafeAtoms({"h": "10.0.0.1", "r": request, "s": 200, "B": 9, "M": 3})
logging.getLogger("gunicorn.access").info(conf["access_log_format"], atoms)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    record = json.loads(lines[0])
    assert record["logger"] == "gunicorn.access"
    assert r"GET /?q=\"\x\u12\" HTTP/1.1" in record["message"]


def test_the_module_script_imports_gov_uk_frontend_by_its_hashed_name(tmp_path, settings):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "policing.storage.StaticFilesStorage"},
    }
    staticfiles_storage._wrapped = empty  # the storage as these settings make it
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        init = next(tmp_path.glob("js/init.*.js")).read_text()
        frontend = next(tmp_path.glob("govuk/govuk-frontend.min.*.js")).name
    finally:
        staticfiles_storage._wrapped = empty
    assert f'from "../govuk/{frontend}"' in init
