"""Printable leaflets: a borough's year as an A4 PDF, like the one put through every door.

Drawing a PDF takes a second or more of CPU, so it is never done in a web request: the
leaflet's page asks for a stored PDF, and when there is none (or what it would show has
changed) queues ``build_leaflet`` for a background worker and tells the visitor to wait.
WeasyPrint draws the PDF from HTML and CSS (it needs the Pango libraries from the
operating system: Debian's libpango-1.0-0 and libpangoft2-1.0-0).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django_tasks import task

from boroughs.models import Area

from .models import FinancialYear, Leaflet
from .public import area_year, borough_page_context

# How long a queued build stops another request queueing the same one.
BUILD_QUEUED_SECONDS = 300


def leaflet_html(area: Area, year: FinancialYear) -> str:
    """The leaflet as the printed one is laid out: London-wide first (the chair's message,
    the strategic priorities, London's year looking back), then the borough's own body,
    shared with its page. Drawn without a request, so what the pages take from context
    processors is given here."""
    london = area_year(Area.objects.london(), year)
    context = {
        **borough_page_context(area_year(area, year)),
        "london": None if london.is_empty else london,
        "site_url": settings.SITE_URL,
        "service_name": settings.SERVICE_NAME,
        "consultation_telephone": settings.CONSULTATION_TELEPHONE,
    }
    return render_to_string("performance/leaflet.html", context)


def content_key(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _drawn(area: Area, year: FinancialYear, key: str) -> bytes | None:
    """The PDF already drawn of exactly this content, if there is one."""
    pdf = (
        Leaflet.objects.filter(area=area, year=year, content_key=key)
        .values_list("pdf", flat=True)
        .first()
    )
    return None if pdf is None else bytes(pdf)


def stored_leaflet(area: Area, year: FinancialYear) -> bytes | None:
    """The leaflet as it would be drawn now, if a worker has drawn it; None if not yet.

    Queues the drawing when it is missing (once, however many visitors ask meanwhile).
    """
    key = content_key(leaflet_html(area, year))
    pdf = _drawn(area, year, key)
    if pdf is not None:
        return pdf
    if cache.add(f"leaflet-queued:{area.pk}:{year.pk}:{key}", True, BUILD_QUEUED_SECONDS):
        build_leaflet.enqueue(area.pk, year.pk)
    return None


def draw_pdf(html: str) -> bytes:
    import weasyprint

    # PDF/UA-1: a tagged PDF (headings, lists, tables and reading order for screen
    # readers), with its title and language from the HTML.
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def leaflet_pdf(area: Area, year: FinancialYear) -> bytes:
    """The leaflet as it would be drawn now, drawing and storing it here if need be.

    For the worker and the command line, never a web request."""
    html = leaflet_html(area, year)
    key = content_key(html)
    stored = _drawn(area, year, key)
    if stored is not None:
        return stored
    pdf = draw_pdf(html)
    try:
        with transaction.atomic():
            Leaflet.objects.filter(area=area, year=year).delete()  # out of date
            Leaflet.objects.create(area=area, year=year, content_key=key, pdf=pdf)
    except IntegrityError:
        pass  # another worker drew the same leaflet meanwhile
    return pdf


@task()
def build_leaflet(area_id: int, year_id: int) -> None:
    area = Area.objects.get(pk=area_id)
    year = FinancialYear.objects.get(pk=year_id)
    leaflet_pdf(area, year)
