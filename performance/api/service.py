"""The API itself: its title, description, licence and contact, as the OpenAPI schema gives them."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI

from sitewide.licence import OPEN_GOVERNMENT_LICENCE

api = NinjaAPI(
    title="Local Policing Summaries API",
    version="1",
    description=(
        "Read-only figures for London's local policing: boroughs, the measure catalogue, "
        "financial years, and how each area performed against its targets. Years are "
        "written 2009-10 in paths. Errors are JSON objects with a message. Every operation "
        "also answers HEAD, and any site may call it (CORS). The figures may be reused "
        f"under the {OPEN_GOVERNMENT_LICENCE.title}."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_extra={
        "info": {
            "license": {
                "name": OPEN_GOVERNMENT_LICENCE.title,
                "identifier": OPEN_GOVERNMENT_LICENCE.name,
            },
            "contact": {
                "name": "Open data enquiries",
                "email": settings.OPEN_DATA_CONTACT_EMAIL,
            },
        }
    },
)

# The path parameters as the schema declares them, so a value the schema allows is one
# the API could answer (an unknown borough or year is then a 404, not a refusal).
