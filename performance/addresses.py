"""What a public address names: a borough, or a year with figures out (a 404 otherwise);
and which addresses are read most."""

from django.http import Http404
from django.urls import reverse

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


def most_read_addresses() -> list[str]:
    """The public answers the worker builds after each publication (sitewide.warming): the
    home page, London's and every borough's latest page, month by month and wards, their
    API answers, and the open data's page, package and whole file. Every other answer is
    built at its first request."""
    london = Area.objects.london()
    boroughs = list(Area.objects.boroughs().only("slug"))
    latest = public.latest_public_year(london)
    wards = bool(public.released_ward_editions())
    months = public.released_edition() is not None
    addresses = [
        reverse("performance:home"),
        reverse("performance:data"),
        reverse("performance:data-package"),
        reverse("performance:data-figures"),
        reverse("performance:releases"),
        reverse("api:boroughs"),
        reverse("api:years"),
        reverse("api:measures"),
    ]
    if latest is not None:
        addresses += [
            reverse("performance:london", args=[latest.slug]),
            reverse("api:london-performance", args=[latest.slug]),
        ]
    for borough in boroughs:
        addresses.append(reverse("performance:borough", args=[borough.slug]))
        if months:
            addresses.append(reverse("performance:borough-months", args=[borough.slug]))
        if wards:
            addresses.append(reverse("performance:wards", args=[borough.slug]))
        if latest is not None:
            addresses.append(reverse("api:borough-performance", args=[borough.slug, latest.slug]))
    return addresses
