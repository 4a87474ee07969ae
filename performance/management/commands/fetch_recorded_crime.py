from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from performance.publication.scope import PublishError
from performance.recorded_crime.fetching import FetchError, fetch, record_fetch
from performance.recorded_crime.publishing import import_edition
from sitewide.commands import add_edition_publishing_arguments, publishing_user, release_time


class Command(BaseCommand):
    help = (
        "Fetch the police's latest recorded crime from an address (by default each of "
        "settings.RECORDED_CRIME_URLS, the London Datastore's), check it, and import it as "
        "drafts for an Administrator to review, or with --publish publish it at once. A file "
        "unchanged since the last fetch is left alone. The edition's date is the file's "
        "Last-Modified day, or today. Run it monthly (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", metavar="URL", help="the file's address")
        add_edition_publishing_arguments(parser)

    def handle(self, *args, urls, publish, reason, as_user, release_at, **options):
        user = publishing_user(publish, reason, as_user)
        self.release_at = release_time(release_at, publish)
        urls = urls or list(settings.RECORDED_CRIME_URLS)
        if not urls:
            raise CommandError("Give the file's address, or set RECORDED_CRIME_URLS.")
        failed = [url for url in urls if not self._fetch_one(url, publish, reason, user)]
        if failed:
            raise CommandError(f"{len(failed)} of {len(urls)} address(es) failed: see above.")

    def _fetch_one(self, url, publish, reason, user) -> bool:
        try:
            fetched = fetch(url)
        except FetchError as error:
            self.stderr.write(str(error))
            return False
        if fetched.unchanged:
            record_fetch(fetched)
            self.stdout.write(
                f"{url}: unchanged since {fetched.previous.changed_at:%-d %B %Y}; nothing imported."
            )
            return True
        try:
            done = import_edition(
                fetched.data,
                edition_of=fetched.edition_of,
                file_name=fetched.file_name,
                user=user,
                publish_reason=reason if publish else None,
                release_at=self.release_at,
            )
        except PublishError as error:
            for problem in error.problems:
                self.stderr.write(f"{url}: {problem}")
            self.stderr.write(f"{url}: nothing was imported or published.")
            return False
        report = done.report
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"{url}: {problem}")
            self.stderr.write(f"{url}: {report.summary()}")
            return False
        record_fetch(fetched, report.edition)
        self.stdout.write(self.style.SUCCESS(f"{url}: {report.summary()}"))
        if done.published is not None:
            self.stdout.write(self.style.SUCCESS(f"Published: {done.published}."))
        else:
            self.stdout.write(
                "Imported as drafts: an Administrator reviews and publishes them (the admin "
                "home says a new edition is ready to review)."
            )
        return True
