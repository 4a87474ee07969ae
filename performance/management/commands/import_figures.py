from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.importing import import_figures_file


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

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        report = import_figures_file(data, file.name, dry_run=dry_run)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {report.summary()}"))
