"""What a visitor sees when something fails that no view handled."""

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from sitewide.outages import DATABASE_UNAVAILABLE


def server_error(request):
    """An error nobody handled: a database outage gets a 503 that says so, the rest a 500."""
    if not isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"message": "The service is unavailable. Try again later."})
    else:
        try:
            context = {"was_sending": request.method == "POST"}
            response = HttpResponse(loader.render_to_string("503.html", context, request))
        except Exception:  # the page itself needs nothing from the database, but be sure
            response = HttpResponse("Sorry, the service is unavailable. Try again later.")
    response.status_code = 503
    response["Retry-After"] = "60"
    return response
