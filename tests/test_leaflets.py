"""Printable leaflets: the borough's year as an A4 PDF, and all 32 from the command line."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from performance.models import Figure, Leaflet
from performance.publishing import publish

from .conftest import run_queued_jobs
from .html import text

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_havering_2009_10_leaflet_has_everything_on_at_most_four_a4_pages(client):
    call_command("load_demo")
    client.get("/boroughs/havering/2009-10/leaflet.pdf")
    run_queued_jobs()
    response = client.get("/boroughs/havering/2009-10/leaflet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, content = pdf_text(response.content)
    assert 1 <= pages <= 4
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
    assert round(width_mm) == 210 and round(height_mm) == 297  # A4
    for expected in [
        "Message from the Borough Commander",
        "Demo text: this message stands in for the Borough Commander",
        # Revised by the police's edition of January 2017 (the counts, not the changes); the
        # leaflet says why in its corrections, not inside the table.
        "Residential burglary Revised 382 offences or +25.5% 1,882 Target missed",
        "Theft from vehicles Revised 361 offences or \u221222.9% 1,214 Target achieved",
        "Corrections",
        "Gun crime 3 offences or +7.3% 44 Target missed",
        "Priorities for 2010/11",
        "2.3% reduction in serious acquisitive crime",
        "Have your say",
        "Useful contacts",
        "Victim support line (demo)",
    ]:
        assert expected in content, expected


def test_the_borough_page_links_to_its_leaflet_and_prints_without_navigation(client):
    call_command("load_demo")
    html = client.get("/boroughs/havering/2009-10/").content.decode()
    assert 'href="/boroughs/havering/2009-10/leaflet.pdf"' in html
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "static/govuk/application.css").read_text()
    # The print stylesheet hides the navigation and footer.
    assert re.search(r"@media print\{[^{}]*\.govuk-service-navigation[^{}]*\{display:none", css)


def test_build_leaflets_writes_one_pdf_per_borough(tmp_path, capsys):
    call_command("load_demo")
    call_command("build_leaflets", "2009/10", "--out", str(tmp_path / "leaflets"))
    files = sorted((tmp_path / "leaflets").glob("*.pdf"))
    assert len(files) == 32
    assert (tmp_path / "leaflets" / "havering-2009-10.pdf") in files
    assert "Wrote 32 leaflets" in capsys.readouterr().out


def test_build_leaflets_explains_a_bad_year(tmp_path):
    with pytest.raises(CommandError, match="no figures for the year"):
        call_command("build_leaflets", "2031/32", "--out", str(tmp_path))


def test_a_leaflet_is_drawn_by_a_worker_never_in_the_request(client, leaflet_figures):
    url = "/boroughs/havering/2009-10/leaflet.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202 and waiting["Retry-After"] == "5"
    assert "We are preparing the printable leaflet for Havering, 2009/10" in text(
        waiting.content.decode()
    )
    assert not Leaflet.objects.exists()
    client.get(url)  # asked again meanwhile: queued once
    assert run_queued_jobs() == 1
    ready = client.get(url)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")


def test_a_leaflet_is_drawn_again_once_what_it_shows_changes(client, leaflet_figures):
    url = "/boroughs/havering/2009-10/leaflet.pdf"
    client.get(url)
    run_queued_jobs()
    first = client.get(url).content
    figure = Figure.objects.get(
        area__slug="havering", measure__slug="robbery", year__start_year=2009, kind="result"
    )
    figure.value += 10
    figure.correction_reason = "Late records"
    figure.save()
    assert client.get(url).content == first  # a draft changes nothing public
    publish(year=figure.year)
    assert client.get(url).status_code == 202
    run_queued_jobs()
    assert Leaflet.objects.filter(area=figure.area, year=figure.year).count() == 1
    _, content = pdf_text(client.get(url).content)
    assert "Total robbery Revised 16 offences or +4.8%" in content
