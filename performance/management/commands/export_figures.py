from django.core.management.base import BaseCommand, CommandError

from boroughs.models import Area
from performance.figures.loading import export_figures_csv
from performance.models import Figure
from performance.public import published_figures
from performance.rules import parse_financial_year


class Command(BaseCommand):
    help = (
        "Write figures in the figures format (docs/figures.md) to standard output, for "
        "example: manage.py export_figures --borough havering --year 2009/10 > havering.csv. "
        "Staff's working values, drafts included; --published gives what the public sees."
    )

    def add_arguments(self, parser):
        parser.add_argument("--borough", help="a borough's slug (havering), or london")
        parser.add_argument("--year", help="a financial year, 2009/10")
        parser.add_argument(
            "--published", action="store_true", help="only published figures, as the public sees"
        )

    def handle(self, *args, borough=None, year=None, published=False, **options):
        figures = Figure.objects.all()
        area = None
        if borough:
            try:
                area = Area.objects.get(slug=borough)
            except Area.DoesNotExist:
                raise CommandError(
                    f"There is no borough '{borough}'. Use a slug such as havering, or london."
                ) from None
            figures = figures.for_areas([area])
        start_years = None
        if year:
            try:
                start_years = [parse_financial_year(year)]
            except ValueError as error:
                raise CommandError(str(error)) from None
            figures = figures.for_years(start_years)
        if published:
            figures = [
                f.as_figure()
                for f in published_figures(
                    areas=None if area is None else [area], start_years=start_years
                )
            ]
        self.stdout.write(export_figures_csv(figures), ending="")
