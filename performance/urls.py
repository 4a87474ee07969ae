from django.urls import path, register_converter

from . import views


class FinancialYearConverter:
    """``2009-10`` in URLs; anything else in that place is not a page (404)."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FinancialYearConverter, "fy")

app_name = "performance"

urlpatterns = [
    path("", views.home, name="home"),
    path("london/<fy:year>/", views.london, name="london"),
    path("boroughs/<slug:slug>/", views.borough_latest, name="borough"),
    path("boroughs/<slug:slug>/<fy:year>/", views.borough_year, name="borough-year"),
]
