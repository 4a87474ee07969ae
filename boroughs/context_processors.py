from django.conf import settings

from policing.licence import OPEN_GOVERNMENT_LICENCE


def site(request):
    """The service's name for the header and page titles, and the licence in the footer."""
    return {"service_name": settings.SERVICE_NAME, "licence": OPEN_GOVERNMENT_LICENCE}
