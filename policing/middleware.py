"""Site-wide middleware: static files without their manifest, and a cap on a staff session."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.http import http_date
from whitenoise.middleware import WhiteNoiseMiddleware

from sitewide.cache import is_public_api
from sitewide.licence import OPEN_GOVERNMENT_LICENCE

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


STAFF_PATH_PREFIX = "/admin/"


class StaffSessionLifetimeMiddleware:
    """Keeps a staff session to its two limits, and keeps sessions off public pages.

    - Idle: a session ends SESSION_COOKIE_AGE after the last staff request. Every
      signed-in request to a staff page saves the session, which renews its expiry.
    - Whole: staff sign in again STAFF_SESSION_MAX_HOURS after they signed in, however
      active. The time of signing in is kept in the session when the sign-in finishes.

    Only staff pages (under /admin/) read the session. A public page is the same for
    everyone, so looking up a visitor's session there would cost a database query for
    nothing, and a stale or made-up cookie would cost one on every page. This is why
    SESSION_SAVE_EVERY_REQUEST is off: with it on, Django would save a new session for
    every unknown cookie that no one had looked up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(STAFF_PATH_PREFIX):
            return self.get_response(request)
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
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if SIGNED_IN_AT not in request.session:
                request.session[SIGNED_IN_AT] = time.time()
            # Saved on every staff request, so the idle expiry slides.
            request.session.modified = True
        return response


# Where the open data is: answers here carry the licence in a Link header as well.
OPEN_DATA_PREFIXES = ("/api/", "/data/")
# Caches may keep a public answer but must check it with the site before reusing it (the
# ETag or Last-Modified makes that a 304), so nobody reads a figure a release replaced.
PUBLIC_CACHE_CONTROL = "public, no-cache"


class PublicAnswerHeadersMiddleware:
    """Public pages, downloads and API answers say how they may be cached, when they
    last changed, and (open data) under which licence they may be reused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public = getattr(response, "cache_publicly", False) or is_public_api(request.path)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or not public:
            return response
        if "Cache-Control" not in response:
            response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        if "Last-Modified" not in response:
            # Rendered now from the releases: it changed no later than this.
            response["Last-Modified"] = http_date()
        if request.path.startswith(OPEN_DATA_PREFIXES):
            response["Link"] = OPEN_GOVERNMENT_LICENCE.link_header()
        return response


API_PREFIX = "/api/"


class ApiMethodsMiddleware:
    """The API reads only: HEAD answers every operation as GET does, without the body
    (django-ninja routes GET alone), and any other method gets a JSON 405 naming the ones
    allowed, like every other API error, rather than an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        elif response.status_code == 405:
            method = request.method
            response = JsonResponse(
                {"message": f"This API only reads: use GET or HEAD, not {method}."},
                status=405,
                headers={"Allow": "GET, HEAD"},
            )
        return response
