"""Root URLs: the public site and the staff admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from consultation.sitemaps import ConsultationPages
from performance.api import api
from performance.api.docs import api_docs
from performance.sitemaps import BoroughPages, FixedPages, LondonYears, WardPages
from sitewide.admin_home import staff_site_class
from sitewide.cache import cached_public

from .views import benchmark_bare, favicon, healthz, robots_txt, security_txt

SITEMAPS = {
    "pages": FixedPages,
    "london": LondonYears,
    "boroughs": BoroughPages,
    "wards": WardPages,
    "have-your-say": ConsultationPages,
}

# The staff home lists tasks first; with STAFF_2FA_REQUIRED, staff must also give a TOTP
# code as well as their password to reach any admin page.
admin.site.__class__ = staff_site_class(two_factor=settings.STAFF_2FA_REQUIRED)

admin.site.site_header = "Local Policing Summaries: staff"
admin.site.site_title = "Local Policing Summaries staff"
admin.site.index_title = "What would you like to do?"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", cached_public(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("have-your-say/", include("consultation.urls")),
    path("", include("performance.urls")),
]

if settings.BENCHMARK_BARE_VIEW:
    urlpatterns.insert(0, path("bench/bare", benchmark_bare))

handler404 = "policing.views.page_not_found"
handler500 = "policing.errors.server_error"
