"""After a publication, the worker builds the answers most read, so no visitor waits for them.

A publication makes every stored answer stale, and so does a deployment, for every answer
the code it replaces built (``sitewide.stored``). Rather than leave the first visitor to
each page to wait for it to be built again from the releases (London's page takes a
couple of hundred milliseconds), the job worker requests the addresses the apps name
(``build_after_publication``) through the site's own request handler: straight after the
publication is committed, again when a scheduled release becomes due, and as the first
worker of new code starts. Each answer is then stored and in the shared cache before most
visitors arrive. The rest are built at their first request, as before.

A burst of publications queues a burst of jobs: each job builds only if no later
publication has been made meanwhile (the later job will), so the work is done once.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
import sys
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host
from django_tasks import task

from .code_version import code_version

logger = logging.getLogger(__name__)

_ADDRESS_SOURCES: list[Callable[[], Iterable[str]]] = []


def build_after_publication(addresses: Callable[[], Iterable[str]]) -> None:
    """Register ``addresses()``: public addresses to build after every publication."""
    if addresses not in _ADDRESS_SOURCES:
        _ADDRESS_SOURCES.append(addresses)


def queue_building(publication: int, due: datetime.datetime | None = None) -> None:
    """Queue building the most read answers under ``publication``: now, and at ``due``
    (a scheduled release) if given. A publication never fails for want of this: the
    answers are then built at their first request."""
    try:
        build_public_answers.enqueue(publication)
        if due is not None:
            build_public_answers.using(run_after=due).enqueue(publication)
    except Exception:
        logger.warning("Could not queue building the public answers", exc_info=True)


def build_for_new_code() -> None:
    """As a worker starts: if the answers stored for this publication were built by other
    code (a deployment has just replaced it), or none are stored, the most read are built
    again by this code, as after a publication."""
    from .models import StoredPage

    number = _current_publication()
    stored = StoredPage.objects.filter(publication=number)
    if number and (not stored.exists() or stored.exclude(built_by=code_version()).exists()):
        queue_building(number)


def _current_publication() -> int:
    from .models import Publication

    return Publication.objects.values_list("number", flat=True).filter(pk=1).first() or 0


@task()
def build_public_answers(publication: int) -> None:
    from .models import StoredPage

    if publication != _current_publication():
        return  # a later publication has its own job
    # What earlier publications stored is never read again: the table holds only what
    # has been asked for since the last.
    StoredPage.objects.filter(publication__lt=publication).delete()
    started = time.monotonic()
    results = build(address for source in _ADDRESS_SOURCES for address in source())
    built = sum(1 for status in results.values() if status == 200)
    logger.info(
        "Built %d public answers in %.1f s after publication %d",
        built,
        time.monotonic() - started,
        publication,
    )
    for address, status in results.items():
        if status != 200:
            logger.warning("Building %s after a publication answered %d", address, status)


def build(addresses: Iterable[str]) -> dict[str, int]:
    """Request each address as an anonymous visitor would, through every middleware (so
    the answer is stored, and kept in the shared cache); each address's status."""
    handler = WSGIHandler()
    host = _public_host()
    with _one_connection():
        return {address: _get(handler, host, address) for address in dict.fromkeys(addresses)}


@contextlib.contextmanager
def _one_connection():
    """Every request on the caller's database connection, as Django's test client does: a
    server closes it at the end of each request, which would end a job's (or a test's)
    transaction midway. The worker looks after its connection between jobs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _public_host() -> str:
    """The site's public name (SITE_URL's) if the site serves it, else the first name it
    does: the data package and feeds give absolute addresses."""
    allowed = settings.ALLOWED_HOSTS or (
        [".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else []
    )
    site = urlsplit(settings.SITE_URL).netloc
    if validate_host(split_domain_port(site)[0], allowed):
        return site
    return next((name.lstrip(".") for name in allowed if "*" not in name), "localhost")


def _get(handler: WSGIHandler, host: str, address: str) -> int:
    path, _, query = address.partition("?")
    secure = settings.SECURE_SSL_REDIRECT
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "SERVER_NAME": split_domain_port(host)[0] or "localhost",
        "SERVER_PORT": "443" if secure else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if secure and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    statuses = []
    response = handler(environ, lambda status, headers, *_: statuses.append(status))
    response.close()  # ends the request, as a server would
    return int(statuses[0].split()[0])
