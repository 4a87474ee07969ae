import re

from django import template

register = template.Library()


@register.filter
def paragraphs(text):
    """Staff write paragraphs separated by blank lines; each becomes a GOV.UK body paragraph."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]
