from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = "Performance figures and summaries"

    def ready(self):
        from sitewide.cache import expire_pages_at
        from sitewide.warming import build_after_publication
        from sitewide.workers import when_a_worker_starts, while_a_worker_runs

        from .addresses import most_read_addresses
        from .jobs import beat_for_this_worker, end_jobs_of_dead_workers
        from .publication.writing import next_scheduled_release

        expire_pages_at(next_scheduled_release)
        build_after_publication(most_read_addresses)
        # A job whose worker died is ended as soon as any worker starts, or within two
        # minutes while one runs.
        when_a_worker_starts(end_jobs_of_dead_workers)
        while_a_worker_runs(beat_for_this_worker)
