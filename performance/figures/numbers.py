"""Reading what a file or a box holds: areas by name or code, and numbers as staff write them."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from import_export import widgets


class LookupWidget(widgets.Widget):
    """Finds a reference row by its identifier in a table loaded once per import."""

    def __init__(self, lookup, describe):
        super().__init__()
        self.lookup = lookup  # a callable: text → object, or KeyError
        self.describe = describe  # a callable: text → message for an unknown identifier

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            raise ValueError("This column is empty.")
        try:
            return self.lookup(text)
        except KeyError:
            raise ValueError(self.describe(text)) from None


def name_key(name: str) -> str:
    """A name as compared with an area's: case, '&' for 'and', punctuation and 'London
    Borough of' do not matter."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split()
    text = " ".join(words)
    for prefix in ("london borough of ", "royal borough of "):
        text = text.removeprefix(prefix)
    return text


# Short forms the London-wide area goes by in files.
LONDON_SHORT_FORMS = {"london", "london wide", "metropolitan police", "mps", "met"}


def name_matches(area, name: str) -> bool:
    key = name_key(name)
    if key == name_key(area.name):
        return True
    return area.is_london and key in LONDON_SHORT_FORMS


class PlainDecimalWidget(widgets.Widget):
    """A number as the spec writes it (``1498``, ``-2.5``): never NaN, infinity or a comma."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            text = str(value)
        else:
            text = (value or "").strip()
        if not text:
            raise ValueError("There is no value.")
        if not isinstance(value, int | float | Decimal):
            refuse_unplain_number(text)
            if "." in text:  # 1498.000 is 1498: zeros after the point say nothing more
                text = text.rstrip("0").rstrip(".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"Value '{text}' is not a number.") from None
        if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
            raise ValueError(f"Value '{text}' is not a number.")
        return number

    def render(self, value, obj=None, **kwargs):
        # A number, not text, so a spreadsheet export keeps it a number: 1498, -2.5.
        return None if value is None else Decimal(plain_decimal(value))


PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def refuse_unplain_number(text: str) -> None:
    """The spec's numbers only: an optional minus, ASCII digits, an optional point and
    decimals. Anything else is refused with what is wrong with it, never guessed at."""
    if PLAIN_NUMBER.fullmatch(text):
        return
    if any(c.isdigit() and not c.isascii() for c in text):
        why = "it has digits that are not the plain 0 to 9"
    elif "," in text:
        why = "write it without a thousands separator"
    elif "_" in text:
        why = "write it without underscores"
    elif text.startswith("+"):
        why = "write it without a plus sign"
    elif "e" in text.lower() and any(c.isdigit() for c in text):
        why = "write it out in full, without an exponent"
    else:
        why = "write it as plain digits, with a point for decimals (1498, -2.5)"
    raise ValueError(f"Value '{text}' is not a plain number: {why}.")


# Thousands written with commas, as staff type them on a form: 1,903 or 19,500.5.
GROUPED_NUMBER = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")


def parse_typed_number(text: str) -> Decimal:
    """A number as staff type it into a box: the file format's plain numbers, or with commas
    between thousands (1,903). Anything else is refused, saying what is wrong, and never
    guessed at: a letter O typed for a zero is an error, not a digit to drop."""
    text = text.strip()
    if GROUPED_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if not PLAIN_NUMBER.fullmatch(text):
        letters = [c for c in text if c.isalpha() and c.lower() != "e"]
        if letters:
            raise ValueError(
                f"'{text}' is not a number: it has the letter {letters[0]} in it. "
                "Type the digits 0 to 9, like 1903 or 1,903."
            )
        if "," in text:
            raise ValueError(
                f"'{text}' has a comma out of place: commas may only separate thousands, "
                "as in 1,903. Use a point for decimals."
            )
        try:
            refuse_unplain_number(text)
        except ValueError as error:
            raise ValueError(str(error).removeprefix("Value ")) from None
    return Decimal(text)


def plain_decimal(value) -> str:
    """Decimal('1498.00') → '1498', Decimal('-2.50') → '-2.5'."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
