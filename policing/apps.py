from django.apps import AppConfig


class PolicingConfig(AppConfig):
    """The project: settings, root URLs, WSGI, deploy checks, error pages, middleware and
    load_demo. It may import every app; the apps import only sitewide, never this."""

    name = "policing"
    verbose_name = "Local Policing Summaries"

    def ready(self):
        from . import checks  # noqa: F401  registers the deploy checks
