"""Site-wide records: the publication number, and public pages stored as rendered."""

from django.db import models


class PublicationManager(models.Manager):
    def lock(self) -> None:
        """Hold the publication row until the caller's transaction ends, so publications are
        made one at a time wherever they start (the admin, a command, a worker): the next
        waits, then plans from what the first wrote. (SQLite's transactions already begin
        as writers, one at a time.)"""
        if not self._lock_row():
            self.get_or_create(pk=1)  # only a flushed test database lacks the row
            self._lock_row()

    def _lock_row(self) -> bool:
        return bool(list(self.select_for_update().filter(pk=1).values_list("pk", flat=True)))


class Publication(models.Model):
    """One row: a number raised in the same transaction as every change the public sees
    (``sitewide.cache.invalidate_public_pages``). A stored page is good only under the
    number it was rendered under, so a publication makes every stored page stale at once,
    and a page rendered from data read before the change never outlives it."""

    number = models.PositiveBigIntegerField(default=1)

    objects = PublicationManager()

    class Meta:
        db_table = "policing_publication"  # made by the policing app, which held it first

    def __str__(self):
        return f"Publication {self.number}"


class StoredPage(models.Model):
    """A public answer (a page, a download, an API answer) as built from the releases,
    kept in the database (``sitewide.stored``).

    Building London's page from the releases takes a couple of hundred milliseconds;
    reading it back takes one query. The answer is the same for every visitor, staff
    included, so it is built once per publication and address.
    """

    address = models.CharField(max_length=300, unique=True)
    publication = models.PositiveBigIntegerField()
    # The code that built it (sitewide.code_version): a deployment, like a publication,
    # makes every answer built before it stale.
    built_by = models.CharField(max_length=16, default="")
    # A scheduled release changes the page without a write; the cache's safety-net age too.
    good_until = models.DateTimeField()
    rendered_at = models.DateTimeField()
    # The text served (HTML, CSV or JSON), with the headers it was built with. Text, not
    # bytes: PostgreSQL sends bytes as hexadecimal, twice the size, to be decoded each time.
    content = models.TextField()
    # The same, gzipped once for the browsers that ask for it (sitewide.compression); none
    # where that is no shorter.
    compressed = models.BinaryField(null=True)
    headers = models.JSONField(default=dict)

    class Meta:
        db_table = "policing_storedpage"

    def __str__(self):
        return self.address
