"""The public pages of the figures, for /sitemap.xml (django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from boroughs.models import Area

from . import public


class FixedPages(Sitemap):
    def items(self):
        return ["performance:home", "performance:find-borough", "performance:data",
                "performance:releases", "performance:accessibility", "api-docs"]  # fmt: skip

    def location(self, item):
        return reverse(item)


class LondonYears(Sitemap):
    def items(self):
        return [year.slug for year in public.public_years(Area.objects.london())]

    def location(self, item):
        return reverse("performance:london", args=[item])


MONTHS = "months"


class BoroughPages(Sitemap):
    """Each borough's page, its month by month, and its page for every year with released
    figures."""

    def items(self):
        latest = [(area.slug, None) for area in Area.objects.boroughs().only("slug")]
        boroughs = {slug for slug, _ in latest}
        years = [(a, y) for a, y in public.public_pages_of_years() if a in boroughs]
        months = [(slug, MONTHS) for slug in sorted(boroughs)] if public.released_edition() else []
        return latest + months + years

    def location(self, item):
        slug, year = item
        if year is None:
            return reverse("performance:borough", args=[slug])
        if year == MONTHS:
            return reverse("performance:borough-months", args=[slug])
        return reverse("performance:borough-year", args=[slug, year])


class WardPages(Sitemap):
    """Each borough's list of wards and each ward's page, once ward figures are released."""

    def items(self):
        if not public.released_ward_editions():
            return []
        wards = public.ward_names_by_borough()
        return [(slug, None) for slug in sorted(wards)] + [
            (slug, code) for slug, codes in sorted(wards.items()) for code in codes
        ]

    def location(self, item):
        slug, code = item
        if code is None:
            return reverse("performance:wards", args=[slug])
        return reverse("performance:ward", args=[slug, code])
