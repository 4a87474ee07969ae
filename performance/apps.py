from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = "Performance figures and summaries"

    def ready(self):
        from policing.cache import expire_pages_at

        from .publishing import next_scheduled_release

        expire_pages_at(next_scheduled_release)
