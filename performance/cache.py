"""Caching public pages and API answers in the shared cache, and forgetting them on publication.

Every cached answer's key includes a *publication generation*, a number in the
cache that goes up whenever anything the public sees changes (a release, a
correction, a contact, a survey's results). Raising it makes every app instance
miss every old key at once, so nobody sees a stale figure after publishing.
Answers are cached only for anonymous GET requests, never with a cookie.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

GENERATION_KEY = "public-pages:generation"
logger = logging.getLogger(__name__)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate_public_pages(**kwargs) -> None:
    """Forget every cached public answer, in every app instance sharing the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:
        # The cache is down, so it holds nothing to forget. Pages say so in the logs.
        logger.warning("Cache unavailable: could not mark public pages stale")


def _seconds_until_next_release() -> int | None:
    from .models import Release

    upcoming = (
        Release.objects.filter(release_at__gt=timezone.now())
        .order_by("release_at")
        .values_list("release_at", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return max(1, int((upcoming - timezone.now()).total_seconds()))


def cached_public(view):
    """Cache an anonymous GET's answer until the next publication (or the timeout)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # Anyone with a session (staff) bypasses the cache. Looking at the cookie rather
        # than request.user keeps the session untouched, so no Vary: Cookie is added.
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        try:
            key = f"public-pages:{generation()}:{digest}"
            stored = cache.get(key)
        except Exception:  # the cache is down: serve from the database, uncached
            return view(request, *args, **kwargs)
        if stored is not None:
            return stored
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
            next_release = _seconds_until_next_release()
            if next_release is not None:
                # A scheduled release must appear the moment it is due.
                timeout = min(timeout, next_release)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            with contextlib.suppress(Exception):  # a cache that is down is not an error
                cache.set(key, response, timeout)
        return response

    return wrapper


class PublicApiCacheMiddleware:
    """The read-only API's answers, cached like the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/v1/") and not request.path.endswith("/api/v1/"):
            return cached_public(view_func)(request, *view_args, **view_kwargs)
        return None
