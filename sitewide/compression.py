"""Public answers compressed once, when they are kept, rather than on every request.

Every browser asks for gzip, and Django's GZipMiddleware compresses each answer as it
leaves: for a borough's page that is a millisecond of work on every request, more than
serving it from the cache. A public answer is the same for everyone until the next
publication, so the shared cache and the stored answers (``sitewide.stored``) keep it
compressed too, and GZipMiddleware passes over an answer already compressed.

GZipMiddleware pads what it compresses with random bytes against BREACH, an attack that
reads a secret on a page (a CSRF token, say) from the compressed size of many answers. A
public answer holds no secret and nothing of the visitor's (``is_the_same_for_everyone``),
so it is compressed without padding, the same bytes each time.
"""

from __future__ import annotations

import gzip

from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers

# As GZipMiddleware: shorter answers are not worth compressing.
SHORTEST_COMPRESSED = 200


def accepts_gzip(request) -> bool:
    """Whether the request's Accept-Encoding allows gzip, as GZipMiddleware reads it."""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gzipped(content: bytes) -> bytes | None:
    """``content`` compressed, or None where that would not make it shorter."""
    if len(content) < SHORTEST_COMPRESSED:
        return None
    packed = gzip.compress(content, compresslevel=6, mtime=0)
    return packed if len(packed) < len(content) else None


def as_gzipped(response, packed: bytes):
    """``response`` carrying ``packed`` (its content, compressed), headed as
    GZipMiddleware would head it."""
    response.content = packed
    response.headers["Content-Length"] = str(len(packed))
    response.headers["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    # A strong ETag names the uncompressed bytes: weakened, as RFC 9110 asks.
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag
    return response


def compress_if_accepted(request, response):
    """The answer as this request asked for it: compressed, if it accepts gzip and that
    makes it shorter; else as it is."""
    if (
        accepts_gzip(request)
        and not response.has_header("Content-Encoding")
        and (packed := gzipped(response.content)) is not None
    ):
        return as_gzipped(response, packed)
    return response
