from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.recorded_crime.category_map import (
    CategoryMapError,
    export_category_map,
    import_category_map,
)


class Command(BaseCommand):
    help = (
        "The recorded crime category map as CSV (major_category,minor_category,measure; "
        "measure empty for a category that feeds no measure): 'export' prints it, "
        "'import FILE' adds or changes the categories it lists (whole or nothing); "
        "categories it does not list stay as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", type=Path, help="with import: the CSV file")

    def handle(self, *args, action, file, **options):
        if action == "export":
            self.stdout.write(export_category_map(), ending="")
            return
        if file is None:
            raise CommandError("Name the file to import: category_map import FILE")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            counts = import_category_map(data)
        except CategoryMapError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError("Nothing was changed in the category map.") from None
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {counts}"))
