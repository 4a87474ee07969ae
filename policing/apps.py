from django.apps import AppConfig


class PolicingConfig(AppConfig):
    """Site-wide pieces that belong to no one app: deploy checks, error pages, the admin's
    history, background jobs' plumbing."""

    name = "policing"
    verbose_name = "Local Policing Summaries"

    def ready(self):
        from . import checks  # noqa: F401  registers the deploy checks
