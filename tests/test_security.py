"""The back office is hard to break into; production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sitewide.admin_home import staff_site_class

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qz!x9v$Lm2@Rt5^Yp8&Wn3*Bc6(Hf1)Jd4_Gs0+Ua-Ee=Ii[Oo]Pq{Tv}Xy|Zb;",
    "ALLOWED_HOSTS": "policing.example.org",
    "HTTPS": "1",
    "STAFF_2FA_REQUIRED": "1",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "TRUST_X_FORWARDED_PROTO": "1",
    "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
    "SECURITY_CONTACT": "mailto:security@policing.example.org",
}


def check_deploy(**overrides):
    ignored = (
        "HTTPS",
        "STAFF_2FA_REQUIRED",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "HSTS_INCLUDE_SUBDOMAINS",
        "HSTS_PRELOAD",
    )
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(PRODUCTION, **overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_two_factor_turned_off():
    result = check_deploy(STAFF_2FA_REQUIRED="0")
    assert result.returncode != 0
    assert "policing.W001" in result.stdout + result.stderr


def test_check_deploy_flags_a_missing_shared_cache():
    result = check_deploy(REDIS_URL="")
    assert result.returncode != 0
    assert "policing.W002" in result.stdout + result.stderr


def test_check_deploy_flags_a_proxy_without_the_clients_address():
    result = check_deploy(RATELIMIT_IP_META_KEY="")
    assert result.returncode != 0
    assert "policing.W003" in result.stdout + result.stderr
    # Without a proxy the connection's own address is the client's: nothing to flag.
    assert check_deploy(RATELIMIT_IP_META_KEY="", TRUST_X_FORWARDED_PROTO="0").returncode == 0


def test_check_deploy_flags_a_missing_security_contact():
    result = check_deploy(SECURITY_CONTACT="")
    assert result.returncode != 0
    assert "policing.W004" in result.stdout + result.stderr


def test_the_documented_production_environment_passes_check_deploy():
    """docs/deployment.md's environment block is the one a deployment copies."""
    guide = (ROOT / "docs" / "deployment.md").read_text()
    block = guide.split("## Each instance's environment", 1)[1].split("```", 2)[1]
    documented = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
    assert documented.get("RATELIMIT_IP_META_KEY"), "the guide must name the client's address"
    documented["SECRET_KEY"] = PRODUCTION["SECRET_KEY"]
    documented["HTTPS"] = "1"
    result = check_deploy(**documented)
    assert result.returncode == 0, result.stdout + result.stderr


def login(client, username, password, address="10.1.1.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_guessing_a_password_is_throttled_for_that_account_and_address(django_user_model):
    django_user_model.objects.create_user("sam", password="correct-horse-battery", is_staff=True)
    guesser = Client()
    for _ in range(4):
        assert login(guesser, "sam", "wrong").status_code == 200
    assert login(guesser, "sam", "wrong").status_code == 429  # the fifth failure locks
    locked = login(guesser, "sam", "correct-horse-battery")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # Sam, signing in from elsewhere, is not locked out by the guesser.
    assert login(Client(), "sam", "correct-horse-battery", address="10.2.2.2").status_code == 302
    assert AccessAttempt.objects.filter(username="sam", ip_address="10.1.1.1").exists()
    assert AccessLog.objects.filter(username="sam", ip_address="10.2.2.2").exists()


@pytest.fixture
def otp_admin_site():
    original = admin.site.__class__
    admin.site.__class__ = staff_site_class(two_factor=True)
    yield
    admin.site.__class__ = original


def test_staff_without_a_second_factor_cannot_reach_the_admin(otp_admin_site, administrator):
    client = Client()
    response = login(client, administrator.username, "x-pass-123456")
    assert response.status_code == 200  # the form asks for a code as well
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/performance/figure/").status_code == 302


def test_staff_with_a_valid_code_reach_the_admin(otp_admin_site, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    client = Client()
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": administrator.username,
            "password": "x-pass-123456",
            "otp_device": device.persistent_id,
            "otp_token": code,
        },
        REMOTE_ADDR="10.3.3.3",
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("url", ["/", "/boroughs/havering/", "/have-your-say/", "/admin/login/"])
def test_every_page_sends_a_csp_without_inline_script_and_denies_framing(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "<script>" not in html and '<script type="text/javascript">' not in html


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password123", "short", "12345678901234"):
        with pytest.raises(ValidationError):
            validate_password(weak)
