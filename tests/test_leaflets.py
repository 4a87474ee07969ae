"""Printable leaflets: the borough's year as an A4 PDF, and all 32 from the command line."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from performance.models import Figure, Leaflet
from performance.publication.writing import publish

from .conftest import run_queued_jobs
from .html import text

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_leaflet_is_a_tagged_pdf_with_its_title_and_language(client, leaflet_figures):
    client.get("/boroughs/havering/2009-10/leaflet.pdf")
    run_queued_jobs()
    reader = PdfReader(io.BytesIO(client.get("/boroughs/havering/2009-10/leaflet.pdf").content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root  # headings, lists and tables in reading order
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Local Policing Summary: Havering 2009/10"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_build_leaflets_writes_a_boroughs_pdf(tmp_path, capsys, leaflet_figures):
    """One borough's here; every borough's (32 PDFs, over a minute of drawing) is
    `make bench-leaflets`, which checks there are 32."""
    out = tmp_path / "leaflets"
    call_command("build_leaflets", "2009/10", "--borough", "havering", "--out", str(out))
    assert [f.name for f in out.glob("*.pdf")] == ["havering-2009-10.pdf"]
    assert (out / "havering-2009-10.pdf").read_bytes().startswith(b"%PDF")
    assert "Wrote 1 leaflet to" in capsys.readouterr().out
    with pytest.raises(CommandError, match="There is no London borough 'gotham'"):
        call_command("build_leaflets", "2009/10", "--borough", "gotham", "--out", str(out))


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


class TestOnTheDemo:
    """Tests of the demo as `load_demo` loads it: loaded once for them all (conftest's
    demo_once), each test's changes rolled back to it."""

    def test_havering_2009_10_leaflet_follows_the_printed_leaflet_on_at_most_four_a4_pages(
        self, client, demo
    ):
        client.get("/boroughs/havering/2009-10/leaflet.pdf")
        run_queued_jobs()
        response = client.get("/boroughs/havering/2009-10/leaflet.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        assert 1 <= len(reader.pages) <= 4
        for page in reader.pages:
            width_mm, height_mm = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
            assert round(width_mm) == 210 and round(height_mm) == 297  # A4
        # No near-empty page: each holds at least a third of the fullest page's text.
        lengths = [len(page.extract_text()) for page in reader.pages]
        assert min(lengths) >= max(lengths) / 3, lengths
        lines = "\n".join(p.extract_text() for p in reader.pages)
        # "Revised" is set apart from the crime it marks, on a line of its own.
        assert "Residential burglary\nRevised\n" in lines
        content = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        # A change within ordinary variation is marked, and the mark said once.
        assert content.count("Within ordinary variation") == 1 and "‡" in content
        # In the printed leaflet's order: London-wide first, then the borough.
        in_order = [
            "A message from A. Example (demo)",  # the London-wide message
            "Business plan from 2009/10 (demo)",  # the strategic priorities
            "London-wide: looking back on 2009/10",
            "a reduction in serious acquisitive crime of 3.5% or 6,917 fewer crimes",
            "Havering in 2009/10",
            "Targets met: 2 of 7.",
            "Message from the Borough Commander",
            "Havering: local police initiatives",
            "How did Havering perform during 2009/10?",
            # Revised by the police's edition of January 2017 (the counts, not the changes); the
            # leaflet says why in its corrections, not inside the table.
            "Residential burglary Revised 382 offences or +25.5% 1,882 Target missed",
            "Trends",
            "Priorities for 2010/11",
            "2.3% reduction in serious acquisitive crime",
            "Have your say",
            "Get involved: community police engagement",
            "Havering Community Police Engagement Group",
            "Corrections",
            "Useful contacts",
            "Victim support line (demo)",
        ]
        positions = [content.find(expected) for expected in in_order]
        assert -1 not in positions, [e for e, at in zip(in_order, positions, strict=True) if at < 0]
        assert positions == sorted(positions)
        # Full web addresses and the telephone on paper, not "/have-your-say/".
        assert "http://127.0.0.1:8000/have-your-say/?audience=businesses" in content
        assert "call 020 7946 0063 (demo number)" in content
        # The trend charts, each year with its value (residential burglary's, as revised).
        assert "2008/09 1,500 2009/10 1,882" in content

    def test_the_borough_page_links_to_its_leaflet_and_prints_without_navigation(
        self, client, demo
    ):
        html = client.get("/boroughs/havering/2009-10/").content.decode()
        assert 'href="/boroughs/havering/2009-10/leaflet.pdf"' in html
        from pathlib import Path

        css = (Path(__file__).resolve().parent.parent / "static/govuk/application.css").read_text()
        # The print stylesheet hides the navigation and footer.
        assert re.search(r"@media print\{[^{}]*\.govuk-service-navigation[^{}]*\{display:none", css)
