import logging

from django import template
from django.db import DatabaseError

from performance.public import footer_contacts as released_footer_contacts

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("boroughs/_footer_contacts.html")
def footer_contacts():
    """The released pan-London contacts, for every page's footer (read through the public
    layer, kept in the shared cache).

    The footer is the last thing between a visitor and a page that says what went
    wrong, so when the database is down it is left without contacts rather than failing.
    """
    try:
        return {"contacts": released_footer_contacts()}
    except DatabaseError:
        logger.warning("Database unavailable: footer shown without contacts")
        return {"contacts": []}
