from django.conf import settings
from django.core.management.base import BaseCommand

from consultation.services import purge_contact_details


class Command(BaseCommand):
    help = (
        "Delete respondents' contact details held longer than the retention period "
        "(CONTACT_DETAILS_RETENTION_DAYS). Their answers are kept. Run it daily."
    )

    def handle(self, *args, **options):
        deleted = purge_contact_details()
        self.stdout.write(
            f"Deleted {deleted} set(s) of contact details older than "
            f"{settings.CONTACT_DETAILS_RETENTION_DAYS} days."
        )
