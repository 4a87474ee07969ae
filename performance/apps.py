from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = "Performance figures and summaries"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from boroughs.models import Area
        from consultation.models import Option, Question, Survey

        from .cache import invalidate_public_pages

        # What the public reads live rather than through a release: areas (names, and
        # populations for rates) and the surveys' questions. Figures, words, contacts and
        # the measure catalogue reach the public only in a release, which clears the page
        # cache itself (performance.publishing.publish).
        for model in (Area, Survey, Question, Option):
            post_save.connect(
                invalidate_public_pages, sender=model, dispatch_uid=f"invalidate-{model.__name__}"
            )
            post_delete.connect(
                invalidate_public_pages,
                sender=model,
                dispatch_uid=f"invalidate-delete-{model.__name__}",
            )
