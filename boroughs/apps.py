from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "boroughs"
    verbose_name = "Boroughs and contacts"
