from django.conf import settings

from sitewide.licence import OPEN_GOVERNMENT_LICENCE


def site(request):
    """The service's name for the header and page titles, the licence in the footer, and
    the consultation's telephone number."""
    return {
        "service_name": settings.SERVICE_NAME,
        "licence": OPEN_GOVERNMENT_LICENCE,
        "consultation_telephone": settings.CONSULTATION_TELEPHONE,
    }
