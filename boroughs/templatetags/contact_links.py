"""Telephone numbers as links a phone can call with one tap."""

import re

from django import template
from django.utils.html import format_html

register = template.Library()


def telephone_uri(number: str) -> str | None:
    """ "020 7946 0063" → "tel:+442079460063"; None if it is not a number to dial
    (fewer than 3 digits, or letters in it, such as "ask for extension").

    UK numbers written from 0 get the +44 country code, so they dial from anywhere.
    """
    text = number.strip()
    if re.search(r"[A-Za-z]", text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 3:
        return None
    if text.startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("0") and len(digits) > 3:
        return f"tel:+44{digits[1:]}"
    return f"tel:{digits}"  # 999, 101, 111: dialled as they are


@register.filter
def telephone_link(number: str):
    """The number as a tap-to-call link, or as plain text if it cannot be dialled. A note
    in brackets after it ("020 7946 0063 (demo number)") stays beside the link."""
    number = number or ""
    dialled, bracket, note = number.partition(" (")
    uri = telephone_uri(dialled)
    if uri is None:
        return number
    link = format_html('<a class="govuk-link" href="{}">{}</a>', uri, dialled)
    return format_html("{} ({}", link, note) if bracket else link
