"""`manage.py check --deploy`: settings a production instance must not run without."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def staff_two_factor(app_configs, **kwargs):
    """Staff can sign in without a second factor."""
    if settings.STAFF_2FA_REQUIRED:
        return []
    return [
        checks.Warning(
            "Two-factor authentication for staff is off (STAFF_2FA_REQUIRED=0).",
            hint="Only a local demo may run without it: set STAFF_2FA_REQUIRED=1.",
            id="policing.W001",
        )
    ]


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """No shared cache for the worker processes."""
    if settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set, so each worker process caches public pages and counts "
            "survey submissions on its own: after a publication, other processes can show "
            f"old figures for up to {settings.PUBLIC_PAGE_CACHE_SECONDS} seconds.",
            hint="Set REDIS_URL to the Redis every app instance shares (docs/deployment.md).",
            id="policing.W002",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def client_address_behind_a_proxy(app_configs, **kwargs):
    """Behind a proxy every request comes from the proxy's address, unless a header says whose."""
    if not settings.TRUST_X_FORWARDED_PROTO or settings.CLIENT_IP_META_KEY:
        return []
    return [
        checks.Warning(
            "TRUST_X_FORWARDED_PROTO is on, so requests come through a proxy, but "
            "RATELIMIT_IP_META_KEY names no header with the client's address. Every visitor "
            "then shares the proxy's address: the survey limit applies to all of London at "
            "once, and five wrong passwords lock a member of staff out for everyone.",
            hint="Set RATELIMIT_IP_META_KEY to the header the proxy overwrites with the "
            "client's address, for example HTTP_X_REAL_IP (docs/deployment.md).",
            id="policing.W003",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def security_contact(app_configs, **kwargs):
    """/.well-known/security.txt needs somewhere to report a vulnerability."""
    if settings.SECURITY_CONTACT:
        return []
    return [
        checks.Warning(
            "SECURITY_CONTACT is not set, so /.well-known/security.txt names no one to "
            "report a vulnerability to.",
            hint="Set SECURITY_CONTACT to a mailto: or https: address.",
            id="policing.W004",
        )
    ]
