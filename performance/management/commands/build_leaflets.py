from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from boroughs.models import Area
from performance.leaflets import leaflet_pdf
from performance.models import FinancialYear


class Command(BaseCommand):
    help = (
        "Write every borough's printable leaflet for a year as PDF files, with a progress bar. "
        "Each is drawn here (not in a web request) and kept, so the site serves it too."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", help="a financial year, 2009/10 or 2009-10")
        parser.add_argument("--out", type=Path, required=True, help="the folder to write to")
        parser.add_argument(
            "--borough", metavar="SLUG", help="only this borough's leaflet (default: every one)"
        )

    def handle(self, *args, year, out: Path, borough=None, **options):
        try:
            year = FinancialYear.objects.with_published_figures().get_by_slug(year)
        except FinancialYear.DoesNotExist:
            raise CommandError(f"There are no figures for the year {year}.") from None
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write to {out}: {error.strerror}.") from None
        boroughs = list(Area.objects.boroughs())
        if borough is not None:
            boroughs = [area for area in boroughs if area.slug == borough]
            if not boroughs:
                raise CommandError(f"There is no London borough '{borough}'.")
        for area in tqdm(
            boroughs, desc=f"Leaflets {year.label}", unit="leaflet", file=self.stderr._out
        ):
            (out / f"{area.slug}-{year.slug}.pdf").write_bytes(leaflet_pdf(area, year))
        leaflets = "leaflet" if len(boroughs) == 1 else "leaflets"
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(boroughs)} {leaflets} to {out}."))
