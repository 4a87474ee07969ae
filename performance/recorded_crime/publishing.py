"""Importing an edition and, when asked, publishing it at once: one service for the
commands that take a file (``import_recorded_crime``) or an address
(``fetch_recorded_crime``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from ..models import PublishedVia
from ..publication.writing import PublishResult, publish
from .importing import import_recorded_crime
from .reading import CrimeImportReport


@dataclass
class EditionImport:
    report: CrimeImportReport
    published: PublishResult | None = None


def import_edition(
    data: bytes,
    *,
    edition_of: datetime.date,
    file_name: str,
    approximate: bool = False,
    dry_run: bool = False,
    user=None,
    publish_reason: str | None = None,
    release_at: datetime.datetime | None = None,
) -> EditionImport:
    """Import an edition as drafts, and with ``publish_reason`` publish it and the figures
    it gives in one release, now or at ``release_at``. Whole or nothing: a refused file
    writes nothing, and a publication refused (PublishError, raised) takes the import back
    with it."""
    with transaction.atomic():
        report = import_recorded_crime(
            data,
            edition_of=edition_of,
            approximate=approximate,
            file_name=file_name,
            dry_run=dry_run,
            user=user,
        )
        if not report.ok or dry_run or publish_reason is None:
            return EditionImport(report)
        published = publish(
            figure_ids=report.figures.figure_ids if report.figures else [],
            editions=[report.edition],
            by=user,
            via=PublishedVia.COMMAND,
            reason=publish_reason,
            release_at=release_at,
        )
        return EditionImport(report, published)
