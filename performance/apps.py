from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = "Performance figures and summaries"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from boroughs.models import Area, EngagementGroup, UsefulContact
        from consultation.models import Option, Question, Survey

        from .cache import invalidate_public_pages
        from .models import FigureVersion, LondonSummary, Measure, Release, SummaryVersion

        # Anything the public sees changing makes every cached public page stale.
        for model in (
            Release,
            FigureVersion,
            SummaryVersion,
            EngagementGroup,
            UsefulContact,
            Area,
            Measure,
            Survey,
            Question,
            Option,
            LondonSummary,
        ):
            post_save.connect(
                invalidate_public_pages, sender=model, dispatch_uid=f"invalidate-{model.__name__}"
            )
            post_delete.connect(
                invalidate_public_pages,
                sender=model,
                dispatch_uid=f"invalidate-delete-{model.__name__}",
            )
