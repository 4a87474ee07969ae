"""Fetching the police's latest edition from an address (the London Datastore's), and
telling it from the file fetched last time (docs/figures.md, "Kept current")."""

from __future__ import annotations

import datetime
import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.utils import timezone

from ..models import EditionFetch

# The police's largest file (wards, 24 months) is about 2.4 MB; nothing they publish comes
# near this, so more is not one of their files.
MAX_BYTES = 100 * 1024 * 1024
TIMEOUT_SECONDS = 60


class FetchError(Exception):
    pass


@dataclass
class Fetched:
    url: str
    data: bytes | None  # None: unchanged since the last fetch
    etag: str = ""
    last_modified: str = ""
    content_sha256: str = ""
    previous: EditionFetch | None = None

    @property
    def unchanged(self) -> bool:
        return self.data is None

    @property
    def edition_of(self) -> datetime.date:
        """The day the file was last modified, as the server says; else today (a
        Last-Modified in the future is not believed)."""
        today = timezone.localdate()
        try:
            day = timezone.localdate(parsedate_to_datetime(self.last_modified))
        except (TypeError, ValueError, IndexError, OverflowError):
            return today
        return min(day, today)

    @property
    def file_name(self) -> str:
        name = self.url.rstrip("/").rsplit("/", 1)[-1]
        return urllib.request.url2pathname(name)[:200] or "recorded crime"


def fetch(url: str) -> Fetched:
    """Ask for the file, conditionally on what was taken from this address last time; a
    file the same as then (not modified, or the same ETag, Last-Modified or content) comes
    back ``unchanged``. Raises FetchError, in words, when it cannot be fetched."""
    previous = EditionFetch.objects.filter(url=url).first()
    request = urllib.request.Request(url, headers={"User-Agent": settings.FETCH_USER_AGENT})
    if previous is not None:
        if previous.etag:
            request.add_header("If-None-Match", previous.etag)
        if previous.last_modified:
            request.add_header("If-Modified-Since", previous.last_modified)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_BYTES + 1)
            etag = response.headers.get("ETag", "")
            last_modified = response.headers.get("Last-Modified", "")
    except urllib.error.HTTPError as error:
        if error.code == 304 and previous is not None:
            return Fetched(url, None, previous=previous)
        raise FetchError(f"{url} answered {error.code} {error.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"{url} could not be reached: {reason}.") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB: not the file.")
    fetched = Fetched(url, data, etag[:200], last_modified[:100], hashlib.sha256(data).hexdigest())
    fetched.previous = previous
    if previous is not None and (
        (etag and etag == previous.etag)
        or (last_modified and last_modified == previous.last_modified)
        or fetched.content_sha256 == previous.content_sha256
    ):
        fetched.data = None
    return fetched


def record_fetch(fetched: Fetched, edition=None) -> None:
    """Remember what was asked and, for a new file, what was taken."""
    now = timezone.now()
    if fetched.unchanged:
        EditionFetch.objects.filter(pk=fetched.previous.pk).update(fetched_at=now)
        return
    EditionFetch.objects.update_or_create(
        url=fetched.url,
        defaults={
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "content_sha256": fetched.content_sha256,
            "fetched_at": now,
            "changed_at": now,
            "edition": edition,
        },
    )
