from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from performance.figures.files import command_limits
from performance.figures.loading import import_figures_file
from performance.models import PublishedVia
from performance.publication.scope import PublishError
from performance.publication.writing import publish as publish_figures
from sitewide.commands import add_release_at_argument, release_time, user_named


class ImportFailed(Exception):
    def __init__(self, report):
        super().__init__(report.summary())
        self.report = report


class Command(BaseCommand):
    help = (
        "Import results and targets from a figures file, CSV or XLSX (docs/figures.md). "
        "Every row is validated first; if any row is bad, nothing is written and each bad "
        "row is reported with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the figures file (.csv or .xlsx)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and say what would change, writing nothing",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the imported figures at once (access to the server is the authority)",
        )
        parser.add_argument(
            "--reason",
            default="",
            help="with --publish: why published figures changed, shown with the corrections",
        )
        add_release_at_argument(parser)
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="the member of staff to record as making the import and publication",
        )

    def handle(
        self,
        *args,
        file: Path,
        dry_run: bool,
        publish: bool,
        reason: str,
        as_user: str | None,
        release_at: str | None,
        **options,
    ):
        user = user_named(as_user) if as_user else None
        scheduled_for = release_time(release_at, publish)
        try:
            stream = file.open("rb")  # read a chunk at a time, never whole
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            with stream, transaction.atomic():
                report = import_figures_file(
                    stream,
                    file.name,
                    dry_run=dry_run,
                    limits=command_limits(),
                    user=user,
                    correction_reason=reason,
                )
                if not report.ok:
                    raise ImportFailed(report)
                if publish and not dry_run:
                    result = publish_figures(
                        figure_ids=report.figure_ids,
                        by=user,
                        via=PublishedVia.COMMAND,
                        reason=reason,
                        release_at=scheduled_for,
                    )
        except ImportFailed as failed:
            for problem in failed.report.problems:
                self.stderr.write(f"{file.name}: {problem}")
            if failed.report.unlisted_problems:
                self.stderr.write(
                    f"{file.name}: … and {failed.report.unlisted_problems} more problem(s), "
                    "not listed. Fix these and check the file again."
                )
            raise CommandError(failed.report.summary()) from None
        except PublishError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(
                "Nothing was imported or published: published figures changed without a "
                "reason. Give one with --reason."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {report.summary()}"))
        if publish and not dry_run:
            self.stdout.write(self.style.SUCCESS(f"Published: {result}."))
