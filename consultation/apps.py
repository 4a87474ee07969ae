from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultation"
    verbose_name = "Have your say: consultation"

    def ready(self):
        from sitewide.sections import add_borough_page_section

        from .results import you_said_section

        add_borough_page_section(you_said_section)
