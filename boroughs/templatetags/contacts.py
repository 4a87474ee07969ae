import logging

from django import template
from django.db import DatabaseError

from boroughs.models import UsefulContact

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("boroughs/_footer_contacts.html")
def footer_contacts():
    """Pan-London useful contacts for every page's footer (one query).

    The footer is the last thing between a visitor and a page that says what went
    wrong, so when the database is down it is left without contacts rather than failing.
    """
    try:
        return {"contacts": list(UsefulContact.objects.pan_london()[:6])}
    except DatabaseError:
        logger.warning("Database unavailable: footer shown without contacts")
        return {"contacts": []}
