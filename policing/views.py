"""Site-wide plain-text files: robots.txt and security.txt."""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    """Search engines index the public pages, never the staff admin."""
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


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
