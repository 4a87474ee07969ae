from django.core.management.base import BaseCommand

from performance.jobs import purge_import_uploads


class Command(BaseCommand):
    help = (
        "Delete uploaded figures files left unconfirmed longer than "
        "IMPORT_UPLOAD_RETENTION_HOURS, and end import jobs whose worker stopped. Run it hourly."
    )

    def handle(self, *args, **options):
        ended = purge_import_uploads()
        self.stdout.write(f"Ended {ended} import job(s) and deleted their files.")
