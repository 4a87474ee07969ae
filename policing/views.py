"""Site-wide views: robots.txt, security.txt, /healthz, the 404 page, the bare bench page."""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import Resolver404, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    """Search engines index the public pages, listed in the sitemap, never the staff admin."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(
        f"User-agent: *\nDisallow: /admin/\nSitemap: {sitemap}\n", content_type="text/plain"
    )


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links to (the admin's pages link to
    none): the service's mark, not a 404 on every visit."""
    return HttpResponsePermanentRedirect(static("govuk/assets/images/service-mark.svg"))


@require_safe
def security_txt(request):
    """RFC 9116: where to report a vulnerability (SECURITY_CONTACT), valid for a year."""
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact has been set.")
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def benchmark_bare(request):
    """A short fixed page through the same middleware: `make bench`'s yardstick."""
    return HttpResponse("<!doctype html><title>Bare</title><p>A short fixed page.</p>")


def page_not_found(request, exception):
    """A 404 that says what was not found, without the resolver's internals."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": "There is nothing at this address in the API."}, status=404)
    message = ""
    if isinstance(exception, Http404) and not isinstance(exception, Resolver404):
        message = str(exception)
    return render(request, "404.html", {"message": message}, status=404)
