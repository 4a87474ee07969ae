"""Every public answer kept as rendered in the database, until the next publication.

Pages, downloads, the data package and API answers are the same for every visitor until
something the public sees changes, and that change raises the publication number in its
own transaction (``sitewide.cache.invalidate_public_pages``). So each answer is built
once a publication, at its first request or by the worker straight after the
publication (``sitewide.warming``), and every later request reads it back in one query:
staff with a session too, and whether or not the shared cache is up.

The middleware sits just below the shared cache: a stored answer skips sessions,
authentication and the view, and carries the headers the middleware below gave it when it
was built (its type, Last-Modified, Cache-Control, the licence, the security policy).
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from .cache import (
    NEVER_CACHED_PREFIXES,
    is_public_api,
    is_the_same_for_everyone,
    public_address,
    public_answer_lifetime,
    public_query_readers,
    public_view,
)
from .code_version import code_version
from .compression import accepts_gzip, as_gzipped, gzipped

# The address column's length: a longer canonical address is answered, never stored.
MAX_ADDRESS = 300
# Headers the server or the middleware above sets on each answer itself.
NOT_STORED_HEADERS = {"content-length", "date", "vary", "set-cookie"}


def is_stored_publicly(path_info: str) -> bool:
    """Whether the answer at this path is kept in the database: every public page and API
    answer, except those whose view says otherwise (``cached_public(stored=False)``: a
    search, whose every wording would be a row, or a leaflet already kept as a file)."""
    if is_public_api(path_info):
        return True
    view = public_view(path_info)
    return view is not None and view.public_stored


def _read(address: str, compressed: bool):
    """One query: the current publication number, and the answer stored under it by this
    code if there is one, as (text, gzip bytes, headers): compressed if asked for and kept
    so, else as text. Written out because this is the whole cost of a stored answer:
    building the query with the ORM took longer than running it."""
    from .models import Publication, StoredPage

    # Only the form asked for crosses the wire.
    wanted = (
        "CASE WHEN s.compressed IS NULL THEN s.content END, s.compressed"
        if compressed
        else "s.content, NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.number, {wanted}, s.headers FROM {Publication._meta.db_table} p"
            f" LEFT JOIN {StoredPage._meta.db_table} s ON s.address = %s"
            " AND s.publication = p.number AND s.built_by = %s AND s.good_until > %s"
            " WHERE p.id = 1",
            [address, code_version(), timezone.now()],
        )
        found = cursor.fetchall()
    if not found:
        return 0, None
    number, text, packed, headers = found[0]
    if text is None and packed is None:
        return number, None
    if isinstance(headers, str):  # SQLite gives the JSON text back
        headers = json.loads(headers)
    return number, (text, None if packed is None else bytes(packed), headers)


def _answer(text: str | None, packed: bytes | None, headers: dict) -> HttpResponse:
    if packed is None:
        response = HttpResponse(text, headers=headers)
        response.headers["Content-Length"] = str(len(response.content))
    else:
        response = as_gzipped(HttpResponse(headers=headers), packed)
    response.cache_publicly = True  # so the shared cache keeps it too
    return response


def keep(address: str, number: int, response, rendered_at: datetime.datetime) -> bytes | None:
    """Store ``response`` under ``address`` as built under publication ``number``, as text
    and compressed (sitewide.compression): if a publication landed while it was built, it
    is stored under the old number, so it is stale at once. Its content compressed, if
    that is shorter."""
    from .models import StoredPage

    try:
        text = response.content.decode(response.charset)
    except UnicodeDecodeError:
        return None  # not text: answered, never stored
    if "\x00" in text:
        return None  # nor is text PostgreSQL's text cannot hold
    packed = gzipped(response.content)
    seconds = public_answer_lifetime(settings.STORED_ANSWER_SECONDS)
    headers = {k: v for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS}
    StoredPage.objects.bulk_create(
        [
            StoredPage(
                address=address,
                publication=number,
                built_by=code_version(),
                good_until=rendered_at + datetime.timedelta(seconds=seconds),
                rendered_at=rendered_at,
                content=text,
                compressed=packed,
                headers=headers,
            )
        ],
        update_conflicts=True,
        unique_fields=["address"],
        update_fields=[
            "publication",
            "built_by",
            "good_until",
            "rendered_at",
            "content",
            "compressed",
            "headers",
        ],
    )
    return packed


def may_keep(request, response) -> bool:
    """What the shared cache may keep, unless its view marked it as for one request alone
    (``stored_publicly = False``)."""
    return is_the_same_for_everyone(request, response) and getattr(
        response, "stored_publicly", True
    )


class StoredAnswerMiddleware:
    """Public answers from the database as built under the current publication; built and
    kept when there is none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or request.path.startswith(NEVER_CACHED_PREFIXES)
            or not is_stored_publicly(request.path_info)
        ):
            return self.get_response(request)
        request.get_host()  # a host the site does not serve gets its 400 first
        address = public_address(request, public_query_readers(request.path_info))
        # PostgreSQL's text holds no NUL: such an address names nothing, so it is answered
        # (with its 404 or 400), never looked up.
        if len(address) > MAX_ADDRESS or "\x00" in address:
            return self.get_response(request)
        compressed = accepts_gzip(request)
        number, stored = _read(address, compressed)
        if stored is not None:
            return _answer(*stored)
        # The number was read before building: see ``keep``.
        rendered_at = timezone.now()
        # Built as for a visitor without cookies, since it is the same for everyone: so no
        # cookie (a session that has ended, one made up) can stop it being stored, or make
        # every request build it again.
        request.COOKIES = {}
        response = self.get_response(request)
        if may_keep(request, response):
            packed = keep(address, number, response, rendered_at)
            if compressed and packed is not None:
                return as_gzipped(response, packed)
        return response
