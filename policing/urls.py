"""Root URLs: the public site and the staff admin."""

from django.contrib import admin
from django.urls import include, path

from performance.api import api
from performance.views import api_docs, healthz

admin.site.site_header = "Local Policing Summaries: staff"
admin.site.site_title = "Local Policing Summaries staff"
admin.site.index_title = "Figures, summaries and contacts"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("have-your-say/", include("consultation.urls")),
    path("", include("performance.urls")),
]

handler404 = "performance.views.page_not_found"
