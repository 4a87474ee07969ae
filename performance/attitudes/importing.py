"""Storing a checked Public Attitude Survey file as an edition, and publishing it when asked:
one service for the command (and, later, the admin)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from boroughs.models import Area

from ..models import ATTITUDE_METRICS, AttitudeEdition, AttitudeValue, Measure, PublishedVia
from ..publication.writing import PublishResult, publish
from ..rules.quarters import quarter_words
from .reading import AttitudeReport, read_attitudes


@dataclass
class AttitudeImport:
    report: AttitudeReport
    edition: AttitudeEdition | None = None
    edition_of: datetime.date | None = None
    approximate: bool = False
    published: PublishResult | None = None

    def summary(self) -> str:
        report = self.report
        if not report.ok:
            return (
                f"Nothing was imported: {report.problem_count} "
                f"problem{'s' if report.problem_count != 1 else ''} in the file."
            )
        quarters = report.quarters
        day = f"{'about ' if self.approximate else ''}{self.edition_of:%-d %B %Y}"
        said = (
            f"{len(report.rows):,} values for {len(quarters)} quarters "
            f"({quarter_words(quarters[0])} to {quarter_words(quarters[-1])}), edition of {day}"
        )
        if report.repeated:
            said += (
                f"; {len(report.repeated)} rows repeated an earlier row exactly and were "
                f"taken once (lines {', '.join(map(str, report.repeated[:5]))}"
                f"{', …' if len(report.repeated) > 5 else ''})"
            )
        return ("Checked, nothing written: " if self.edition is None else "Imported: ") + said


def edition_day_of(last_quarter: datetime.date) -> datetime.date:
    """The first day of the month after a quarter ends: the approximate day of an edition
    whose own day is not recorded."""
    month = last_quarter.month + 3
    return datetime.date(last_quarter.year + (month > 12), (month - 1) % 12 + 1, 1)


def import_attitudes(
    data: bytes,
    *,
    file_name: str,
    edition_of: datetime.date | None = None,
    dry_run: bool = False,
    user=None,
    publish_reason: str | None = None,
    release_at: datetime.datetime | None = None,
) -> AttitudeImport:
    """Check the file; unless ``dry_run``, store it as an edition (replacing an unpublished
    one of the same day); with ``publish_reason``, publish it in a release for every area,
    now or at ``release_at``. Whole or nothing."""
    boroughs = {area.name: area for area in Area.objects.boroughs()}
    report = read_attitudes(data, list(boroughs), list(ATTITUDE_METRICS))
    done = AttitudeImport(report)
    if not report.ok:
        return done
    done.approximate = edition_of is None
    done.edition_of = edition_of or edition_day_of(report.quarters[-1])
    existing = AttitudeEdition.objects.filter(published_on=done.edition_of).first()
    if existing is not None and existing.release_id is not None:
        report.refuse(
            1,
            "",
            f"The edition of {existing.day_text} is already published: give the day MOPAC "
            "published this file, so that it is kept as an edition of its own.",
        )
        return done
    if dry_run:
        return done
    measures = dict(
        Measure.objects.filter(slug__in=ATTITUDE_METRICS.values()).values_list("slug", "pk")
    )
    with transaction.atomic():
        if existing is not None:
            existing.delete()
        done.edition = AttitudeEdition.objects.create(
            published_on=done.edition_of,
            published_on_is_approximate=done.approximate,
            file_name=file_name[:255],
            first_quarter=report.quarters[0],
            last_quarter=report.quarters[-1],
            rows=len(report.rows),
            imported_by=user,
        )
        AttitudeValue.objects.bulk_create(
            (
                AttitudeValue(
                    edition=done.edition,
                    area=boroughs[row.borough],
                    measure_id=measures[ATTITUDE_METRICS[row.metric]],
                    quarter=row.quarter,
                    proportion=row.proportion,
                )
                for row in report.rows
            ),
            batch_size=2000,
        )
        if publish_reason is not None:
            done.published = publish(
                editions=[done.edition],
                figure_ids=[],
                by=user,
                via=PublishedVia.COMMAND,
                reason=publish_reason,
                release_at=release_at,
            )
    return done
