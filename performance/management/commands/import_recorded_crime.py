from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from performance.publication.scope import PublishError
from performance.recorded_crime.publishing import import_edition
from performance.recorded_crime.reading import edition_date_problem
from sitewide.commands import (
    add_edition_publishing_arguments,
    edition_day,
    publishing_user,
    release_time,
)


class Command(BaseCommand):
    help = (
        "Import an edition of the police's recorded crime, in any of their three layouts "
        "(Borough, Major Category, Minor Category; MajorText, MinorText, BoroughName; or the "
        "ward file's), then one YYYYMM column per month: store its monthly counts and derive "
        "the catalogue's figures from them, each month from the latest edition that gives "
        "it, as drafts. Whole or nothing: every problem is reported by line and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the police's CSV file")
        parser.add_argument(
            "--edition",
            metavar="YYYY-MM-DD",
            help="the day the police published this edition (default: today)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, writing nothing"
        )
        add_edition_publishing_arguments(parser)

    def handle(
        self, *args, file, edition, dry_run, publish, reason, as_user, release_at, **options
    ):
        user = publishing_user(publish, reason, as_user)
        scheduled_for = release_time(release_at, publish)
        if edition:
            edition_of = edition_day(edition)
        else:
            edition_of = timezone.localdate()
            self.stdout.write(
                f"No --edition given: recording it as the edition of {edition_of:%-d %B %Y}."
            )
        if problem := edition_date_problem(edition_of, timezone.localdate()):
            raise CommandError(problem)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            done = import_edition(
                data,
                edition_of=edition_of,
                file_name=file.name,
                dry_run=dry_run,
                user=user,
                publish_reason=reason if publish else None,
                release_at=scheduled_for,
            )
        except PublishError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError("Nothing was imported or published.") from None
        report, result = done.report, done.published
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"{file.name}: {problem}")
            if report.problem_count > len(report.problems):
                self.stderr.write(
                    f"{file.name}: … and {report.problem_count - len(report.problems)} "
                    "more problem(s), not listed."
                )
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if result is not None:
            self.stdout.write(self.style.SUCCESS(f"Published: {result}."))
        elif not dry_run:
            self.stdout.write(
                "The figures are drafts: publish them, with the edition, in a release for "
                "every year and every area (or run again with --publish)."
            )
