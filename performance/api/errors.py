"""The API's error answers: JSON with a message, and the status each mistake deserves."""

from __future__ import annotations

import re

from django.http import Http404
from ninja.errors import HttpError, ValidationError

from boroughs.models import Area

from .. import public
from ..rules import parse_financial_year
from .service import api


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


# What to write instead, for a path value the schema refuses.
PATH_HINTS = {
    "year": "Write years like 2009-10.",
    "slug": "A borough is written as in its page's address, like havering.",
    "code": "A ward is written as its ONS code, like E05013973.",
}


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    """A path value the schema refuses: a 400 with a message, as every other error."""
    fields = [str(error.get("loc", ("", ""))[-1]) for error in exc.errors]
    hints = " ".join(dict.fromkeys(PATH_HINTS.get(name, "") for name in fields)).strip()
    message = f"Not a valid {' or '.join(dict.fromkeys(fields)) or 'request'}. {hints}".strip()
    return api.create_response(request, {"message": message}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": str(exc) or "Not found."}, status=404)


SLUG = re.compile(r"[-a-z0-9]{1,100}")


def borough_named(slug: str) -> Area:
    # A slug is checked before the database sees it: PostgreSQL refuses some characters.
    if not SLUG.fullmatch(slug):
        raise HttpError(404, "There is no London borough with that name.")
    try:
        return Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise HttpError(404, f"There is no London borough '{slug}'.") from None


def start_year_named(text: str) -> int:
    try:
        return parse_financial_year(text)
    except ValueError as error:
        # Written as the schema allows (2009-99, say) but no year: there is nothing there.
        raise HttpError(404, f"{error} Write years like 2009-10.") from None


def ward_named(code: str):
    ward = public.ward_of(code)
    if ward is None:
        raise HttpError(404, f"There is no London ward '{code.upper()}'.")
    return ward
