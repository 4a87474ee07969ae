from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.attitudes.importing import import_attitudes
from performance.publication.scope import PublishError
from sitewide.commands import (
    add_edition_publishing_arguments,
    edition_day,
    publishing_user,
    release_time,
)


class Command(BaseCommand):
    help = (
        "Import an edition of MOPAC's Public Attitude Survey by borough and quarter (date, "
        "quarter, borough, metric, metric_value) as a draft edition. Whole or nothing: every "
        "problem is reported by line and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="MOPAC's CSV file")
        parser.add_argument(
            "--edition",
            metavar="YYYY-MM-DD",
            help="the day MOPAC published it (default: the first day of the month after its "
            "last quarter, recorded as approximate)",
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
        edition_of = edition_day(edition) if edition else None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            done = import_attitudes(
                data,
                file_name=file.name,
                edition_of=edition_of,
                dry_run=dry_run,
                user=user,
                publish_reason=reason if publish else None,
                release_at=scheduled_for,
            )
        except PublishError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError("Nothing was imported or published.") from None
        if not done.report.ok:
            for problem in done.report.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(done.summary())
        self.stdout.write(self.style.SUCCESS(done.summary()))
        if done.published is not None:
            self.stdout.write(self.style.SUCCESS(f"Published: {done.published}."))
