"""Printable leaflets: a borough's year as an A4 PDF, like the one put through every door.

WeasyPrint renders the PDF from HTML and CSS (it needs the Pango libraries from the
operating system: Debian's libpango-1.0-0 and libpangoft2-1.0-0).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from boroughs.models import Area

from .models import FinancialYear
from .summaries import borough_page_context


def leaflet_html(area: Area, year: FinancialYear) -> str:
    return render_to_string("performance/leaflet.html", borough_page_context(area, year))


def leaflet_pdf(area: Area, year: FinancialYear, base_url: str = "") -> bytes:
    import weasyprint

    return weasyprint.HTML(string=leaflet_html(area, year), base_url=base_url).write_pdf()
