from django.core.management.base import BaseCommand

from consultation.demo import load_consultation_demo
from performance.demo import demo_is_loaded, load_demo
from sitewide.cache import invalidate_public_pages


class Command(BaseCommand):
    help = (
        "Load demo data: the leaflet's figures for Havering and London, labelled as they are "
        "known, every edition of the police's recorded crime to the latest month, demo text "
        "for every borough, and the 'Have your say' surveys: this year's open, last year's "
        "closed with results. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when demo content is already loaded",
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and demo_is_loaded():
            self.stdout.write("Demo data is already loaded.")
            return
        self.stdout.write(
            "Loading demo data: the leaflet and every edition of the police's recorded crime "
            "(about 20 seconds)…"
        )
        report = load_demo()
        load_consultation_demo()
        invalidate_public_pages()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Figures: {report.summary()}"))
