from django.apps import AppConfig


class SitewideConfig(AppConfig):
    """What every app may use and that belongs to none of them: the public cache and its
    publication number, the staff home and the admin's history, sections one app adds to
    another's pages, the licence, and the background worker's life. It imports no app;
    the project (policing) imports them all."""

    name = "sitewide"
    verbose_name = "Site-wide records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .warming import build_for_new_code
        from .workers import when_a_worker_starts

        # A deployment's first worker builds the most read answers with the new code.
        when_a_worker_starts(build_for_new_code)
