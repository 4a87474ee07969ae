"""Site-wide middleware: static files without their manifest, and a cap on a staff session."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST_NAME = "staticfiles.json"


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, except that the manifest of hashed names (which lists every asset the
    site has, admin screens' included) is not served."""

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if url == self.static_prefix + MANIFEST_NAME:
            return
        super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):
        if url == self.static_prefix + MANIFEST_NAME:
            return None
        return super().find_file(url)


SIGNED_IN_AT = "signed_in_at"


class StaffSessionLifetimeMiddleware:
    """Signs staff out STAFF_SESSION_MAX_HOURS after they signed in, however active.

    The idle timeout (SESSION_COOKIE_AGE) slides with every request, so without this a
    session in constant use would never end. The time of signing in is kept in the
    session when the sign-in request finishes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            limit = settings.STAFF_SESSION_MAX_HOURS * 3600
            if signed_in_at is not None and time.time() - signed_in_at > limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed in for {settings.STAFF_SESSION_MAX_HOURS} hours: "
                    "sign in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        # Only where a session exists or staff sign in: asking who a visitor is would mark
        # a public page as varying by cookie, and it could no longer be cached.
        if has_session or request.path.startswith("/admin/"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and SIGNED_IN_AT not in request.session:
                request.session[SIGNED_IN_AT] = time.time()
        return response
