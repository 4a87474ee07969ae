"""The consultation's public pages, for /sitemap.xml: the list, open surveys and results."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Survey


class ConsultationPages(Sitemap):
    def items(self):
        surveys = Survey.objects.for_listing()
        return (
            [("consultation:list", None)]
            + [("consultation:survey", s.slug) for s in surveys.open_now()]
            + [("consultation:results", s.slug) for s in surveys.with_public_results()]
        )

    def location(self, item):
        name, slug = item
        return reverse(name, args=[slug] if slug else [])
