from django.urls import path, register_converter

from . import views
from .calendar import views as calendar_views
from .opendata import views as data_views
from .wards import views as ward_views


class FinancialYearConverter:
    """``2009-10`` in URLs; anything else in that place is not a page (404)."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FinancialYearConverter, "fy")


class DayConverter:
    """``2010-06-01`` in URLs (checked as a date by the view)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(DayConverter, "day")

app_name = "performance"

urlpatterns = [
    path("", views.home, name="home"),
    path("london/<fy:year>/", views.london, name="london"),
    path("london/<fy:year>/corrections/", views.london_corrections, name="corrections"),
    path(
        "london/<fy:year>/as-published/<day:day>/",
        views.london_as_published,
        name="london-as-published",
    ),
    path("boroughs/", views.find_borough, name="find-borough"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("boroughs/<slug:slug>/", views.borough_latest, name="borough"),
    path("boroughs/<slug:slug>/months/", views.borough_months, name="borough-months"),
    path(
        "boroughs/<slug:slug>/months/as-published/<day:day>/",
        views.borough_months,
        name="borough-months-as-published",
    ),
    path("boroughs/<slug:slug>/wards/", ward_views.borough_wards, name="wards"),
    path("boroughs/<slug:slug>/wards/<str:code>/", ward_views.ward, name="ward"),
    path("boroughs/<slug:slug>/<fy:year>/", views.borough_year, name="borough-year"),
    path("boroughs/<slug:slug>/<fy:year>/compare/", views.borough_compare, name="compare"),
    path(
        "boroughs/<slug:slug>/<fy:year>/as-published/<day:day>/",
        views.borough_as_published,
        name="borough-as-published",
    ),
    path("boroughs/<slug:slug>/<fy:year>/leaflet.pdf", views.borough_leaflet_pdf, name="leaflet"),
    path("releases/", calendar_views.release_calendar, name="releases"),
    path("releases.atom", calendar_views.releases_atom, name="releases-atom"),
    path("releases.ics", calendar_views.releases_ics, name="releases-ics"),
    path("data/", data_views.data_page, name="data"),
    path("data/datapackage.json", data_views.data_package_json, name="data-package"),
    path("data/schemas/<slug:name>.json", data_views.data_schema, name="data-schema"),
    path("data/figures.csv", data_views.all_figures_csv, name="data-figures"),
    path("data/category-map.csv", data_views.category_map_download, name="data-category-map"),
    path("data/london.csv", data_views.london_figures_csv, name="data-london"),
    path(
        "data/boroughs/<slug:slug>-wards.csv",
        data_views.borough_wards_csv,
        {"by": "years"},
        name="ward-csv",
    ),
    path(
        "data/boroughs/<slug:slug>-wards-monthly.csv",
        data_views.borough_wards_csv,
        {"by": "months"},
        name="ward-monthly-csv",
    ),
    # After the ward files: "havering-wards-monthly.csv" is not Havering-wards' monthly file.
    path(
        "data/boroughs/<slug:slug>-monthly.csv",
        data_views.borough_monthly_csv,
        name="monthly-csv",
    ),
    path("data/boroughs/<slug:slug>.csv", data_views.borough_figures_csv, name="data-borough"),
]
