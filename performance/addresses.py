"""What a public address names: a borough, or a year with figures out (a 404 otherwise)."""

from django.http import Http404

from boroughs.models import Area

from . import public
from .models import FinancialYear


def year_or_404(slug: str, *, draft: bool = False) -> FinancialYear:
    """The year at this address; for the public, only a year with a released outcome."""
    if draft:
        try:
            return FinancialYear.objects.get_by_slug(slug)
        except FinancialYear.DoesNotExist:
            pass
    elif (year := public.public_year(slug)) is not None:
        return year
    raise Http404(f"There are no figures for the year {slug.replace('-', '/')}.")


def borough_or_404(slug: str) -> Area:
    try:
        return Area.objects.boroughs().get(slug=slug)
    except Area.DoesNotExist:
        raise Http404("There is no London borough at this address.") from None
