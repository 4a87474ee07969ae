"""Caching public pages and API answers in the shared cache, and forgetting them on publication.

Every cached answer is stored with the *publication generation* it was made
under, a number in the cache that goes up whenever anything the public sees
changes (a release, a correction, a contact, a survey's results). Raising it
makes every app instance treat every older answer as a miss at once, so nobody
sees a stale figure after publishing.
Answers are cached only for anonymous GET requests, never with a cookie. Without Redis
(the embedded default) each process has a cache of its own, so the generation is a token
in a file every process on the machine reads with each cached answer: a release published
by a command or the job worker shows at once in the web process too.

Every public answer is also stored as built in the database, under a publication number
raised in the same transaction as the change (``sitewide.stored``): for everyone, staff
included, and whether or not the shared cache is up.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import set_response_etag

from . import machine_generation
from .code_version import code_version
from .compression import accepts_gzip, compress_if_accepted

GENERATION_KEY = "public-pages:generation"
logger = logging.getLogger(__name__)


def _cache_is_shared() -> bool:
    """Whether every process reads the same cache (Redis in production). The embedded
    default keeps one in each process's memory, which a publication made by another
    process (a command, the job worker) cannot reach: its generation is then a token in
    a file every process reads (sitewide.machine_generation)."""
    return not isinstance(caches["default"], LocMemCache)


def generation():
    if not _cache_is_shared():
        return machine_generation.current()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def _raise_generation() -> None:
    try:
        if not _cache_is_shared():
            machine_generation.renew()
            return
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:
        # The cache is down, so it holds nothing to forget. Pages say so in the logs.
        logger.warning("Cache unavailable: could not mark public pages stale")


def _raise_publication() -> None:
    # Imported here: apps import this module before models are ready.
    from sitewide.models import Publication

    if not Publication.objects.filter(pk=1).update(number=F("number") + 1):
        Publication.objects.get_or_create(pk=1, defaults={"number": 2})


def invalidate_public_pages(**kwargs) -> None:
    """Forget every cached and stored public answer, in every app instance.

    In the shared cache, once now and again when the change is committed: a page built
    between the two read the data from before the commit, and must not outlive it. In
    the database, by raising the publication number in the caller's transaction, so the
    stored pages go stale exactly when the change is committed.
    """
    _raise_publication()
    _raise_generation()
    transaction.on_commit(_raise_generation)
    transaction.on_commit(_queue_building)


def _queue_building() -> None:
    """The worker builds the most read answers again (``sitewide.warming``), now and when
    the next scheduled release is due."""
    from .models import Publication
    from .warming import queue_building

    number = Publication.objects.filter(pk=1).values_list("number", flat=True).first()
    if number is not None:
        queue_building(number, due=next_scheduled_change())


def _current_and_stored(key: str):
    """One round trip for both: the current generation, and what is stored under ``key``
    if it was made under that generation (None if not, or if nothing is)."""
    if _cache_is_shared():
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
    else:
        found, current = {key: cache.get(key)}, machine_generation.current()
    stored_generation, value = found.get(key) or (None, None)
    return current, (value if stored_generation == current else None)


def _keep(key: str, current: int, value, timeout: int) -> None:
    with contextlib.suppress(Exception):  # a cache that is down is not an error
        cache.set(key, (current, value), timeout)


def remember(name: str, build):
    """``build()``'s result (not None), kept in the shared cache until the next publication.

    For what many requests read and staff rarely change, such as a survey's questions.
    If the cache is down, it is simply built each time.
    """
    key = "public-data:" + name
    try:
        current, value = _current_and_stored(key)
    except Exception:
        return build()
    if value is None:
        value = build()
        if value is not None:
            _keep(key, current, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


# Functions that give the next moment a public page changes by itself (a release
# scheduled for later), registered by the apps that schedule such changes, so that
# this site-wide module needs none of their models.
_SCHEDULED_CHANGES = []


def expire_pages_at(next_change) -> None:
    """Register ``next_change()``: the next datetime public pages change without a
    write (or None). Cached pages expire then, so a scheduled release appears on time."""
    if next_change not in _SCHEDULED_CHANGES:
        _SCHEDULED_CHANGES.append(next_change)


def public_answer_lifetime(seconds: int | None = None) -> int:
    """How long a public answer may be kept, cached or stored: the safety-net age (the
    cache's unless ``seconds`` is given), or less, since a scheduled release must appear
    the moment it is due."""
    seconds = seconds or settings.PUBLIC_PAGE_CACHE_SECONDS
    next_change = _seconds_until_next_scheduled_change()
    return seconds if next_change is None else min(seconds, next_change)


def next_scheduled_change():
    """The next moment a public answer changes without a write (a scheduled release)."""
    upcoming = [moment for source in _SCHEDULED_CHANGES if (moment := source()) is not None]
    return min(upcoming, default=None)


def _seconds_until_next_scheduled_change() -> int | None:
    moment = next_scheduled_change()
    if moment is None:
        return None
    return max(1, int((moment - timezone.now()).total_seconds()))


PAGE_KEY_PREFIX = "public-pages:"
# Never public: forms with a CSRF token, the admin, health checks, the benchmark's bare view.
# They skip the cache lookup altogether.
NEVER_CACHED_PREFIXES = ("/admin/", "/have-your-say/", "/healthz", "/bench/")


def cached_public(view=None, *, query=None, stored=True):
    """Mark a view's answers as public: the same for every visitor until the next publication.

    PublicPageCacheMiddleware stores them and answers later requests from the cache.
    ``query`` names the query parameters the view reads, each with a function giving
    the value's canonical form (or None when the view would ignore it). Every other
    parameter is dropped before the view sees the request, so ``?utm=…`` or a junk
    value cannot force a new rendering and a new cache entry: the page is served as
    cached under its canonical address. StoredAnswerMiddleware (sitewide.stored) also
    keeps them in the database, unless ``stored`` is False.
    """
    if view is None:
        return functools.partial(cached_public, query=query, stored=stored)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.cache_publicly = True
        return response

    wrapper.public_query = query or {}
    wrapper.public_stored = stored
    return wrapper


def canonical_query(request, readers: dict) -> QueryDict:
    """The request's query string as the view will read it: known parameters, canonical
    values, in a fixed order."""
    canonical = QueryDict(mutable=True)
    for name in sorted(readers):
        value = request.GET.get(name)
        value = readers[name](value) if value is not None else None
        if value is not None:
            canonical[name] = value
    canonical._mutable = False
    return canonical


def public_address(request, readers: dict) -> str:
    """The request's canonical address (its path and canonical query), under which its
    answer is cached and stored; the request's query becomes the canonical one, so the
    view reads what the address says."""
    if not request.META.get("QUERY_STRING"):
        return request.path
    request.GET = canonical_query(request, readers)
    return f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path


@functools.lru_cache(maxsize=4096)
def public_view(path_info: str):
    """The view at this path if it is marked public (``cached_public``), else None. Kept
    per path: resolving costs more than the rest of serving a cached page."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    return match.func if hasattr(match.func, "public_query") else None


def public_query_readers(path_info: str) -> dict | None:
    """The query parameters the public page at this path reads, or None if it is not a public
    page."""
    if is_public_api(path_info):
        return {}  # no API answer reads its query string
    view = public_view(path_info)
    return None if view is None else view.public_query


def is_the_same_for_everyone(request, response) -> bool:
    """Whether an answer may be kept for every visitor, in the cache or the database: a
    public one, whole (a 404 or a redirect is never kept), and nothing personal: no
    cookie set, and nothing that varies by cookie."""
    public = getattr(response, "cache_publicly", False) or is_public_api(request.path)
    return (
        public
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )


def is_public_api(path: str) -> bool:
    return path.startswith("/api/v1/") and path != "/api/v1/"


class PublicPageCacheMiddleware:
    """Anonymous GETs of public pages and API answers, served from the shared cache.

    It sits near the top of the middleware, so a cached answer skips sessions,
    CSRF, authentication and URL resolving altogether: serving one costs a single
    cache round trip. What it stores has already passed through the middleware
    below it, so the stored answer carries their headers (CSP, X-Frame-Options).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Anyone with a session (staff) bypasses the cache. Looking at the cookie rather
        # than request.user keeps the session untouched, so no Vary: Cookie is added.
        if (
            request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.path.startswith(NEVER_CACHED_PREFIXES)
        ):
            return self.get_response(request)
        # A host the site does not serve gets its 400 before anything is looked up: a
        # cached page must not answer for any name (DisallowedHost becomes a 400).
        request.get_host()
        readers = public_query_readers(request.path_info)
        if readers is None:
            return self.get_response(request)
        address = public_address(request, readers)
        # Under the code that builds it (a deployment reads none of the last one's pages),
        # compressed or not (sitewide.compression).
        encoding = "gzip" if accepts_gzip(request) else "identity"
        key = f"{code_version()} {encoding} {address}"
        key = PAGE_KEY_PREFIX + hashlib.sha256(key.encode()).hexdigest()
        try:
            current, stored = _current_and_stored(key)
        except Exception:  # the cache is down: serve from the database, uncached
            return self.get_response(request)
        if stored is not None:
            return stored
        response = self.get_response(request)
        if is_the_same_for_everyone(request, response):
            response = compress_if_accepted(request, response)
            self._store(key, current, response)
        return response

    @staticmethod
    def _store(key: str, current: int, response) -> None:
        timeout = public_answer_lifetime()
        # The ETag is worked out once and kept with the page, not hashed again on every hit.
        set_response_etag(response)
        _keep(key, current, response, timeout)
