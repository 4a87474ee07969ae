from django import template

from boroughs.models import UsefulContact

register = template.Library()


@register.inclusion_tag("boroughs/_footer_contacts.html")
def footer_contacts():
    """Pan-London useful contacts for every page's footer (one query)."""
    return {"contacts": list(UsefulContact.objects.pan_london()[:6])}
