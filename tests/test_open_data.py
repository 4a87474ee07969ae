"""Open data: the figures as downloads, which import back unchanged."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from performance.importing import import_figures_file
from performance.models import Figure, PublishedVia
from performance.publishing import publish

from .conftest import publish_everything
from .html import table_rows, text

pytestmark = pytest.mark.django_db


def rows_of(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def test_data_page_explains_the_figures_and_links_every_download(client, leaflet_figures):
    html = client.get("/data/").content.decode()
    page = text(html)
    assert "Open data: the figures" in page
    assert 'href="/data/figures.csv"' in html and 'href="/data/boroughs/havering.csv"' in html
    assert "halves rounded away from zero" in page
    measures = [row[1] for row in table_rows(html) if len(row) == 5][1:]
    assert len(measures) == 14 and "victim-satisfaction-gap" in measures


def test_all_figures_download_is_the_figures_format(client, leaflet_figures):
    response = client.get("/data/figures.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="figures.csv"' in response["Content-Disposition"]
    rows = rows_of(response.content)
    assert rows[0] == [
        "area_code",
        "area_name",
        "measure",
        "year",
        "figure",
        "value",
        "illustrative",
        "released_on",
        "revised",
        "first_published",
        "first_published_on",
        "revision",
        "notes",
    ]
    assert len(rows) == 43
    today = timezone.localdate().isoformat()
    assert [
        "E09000016", "Havering", "residential-burglary", "2009/10", "result", "1880",
        "no", today, "no", "", "", "", "",
    ] in rows  # fmt: skip


def test_a_revised_figure_says_so_in_the_download_and_still_imports_back(client, leaflet_figures):
    figure = Figure.objects.get(
        area__slug="havering", measure__slug="robbery", year__start_year=2009, kind="result"
    )
    figure.value, figure.correction_reason = 349, "Ten robberies recorded late."
    figure.save()
    publish(year=figure.year, via=PublishedVia.ADMIN)
    download = client.get("/data/boroughs/havering.csv").content
    today = timezone.localdate().isoformat()
    assert [
        "E09000016", "Havering", "robbery", "2009/10", "result", "349",
        "no", today, "yes", "339", today, "Ten robberies recorded late.", "",
    ] in rows_of(download)  # fmt: skip
    report = import_figures_file(download)
    assert report.ok and report.unchanged == report.total == len(rows_of(download)) - 1


def test_one_boroughs_download_has_only_its_figures(client, leaflet_figures):
    rows = rows_of(client.get("/data/boroughs/havering.csv").content)
    assert {row[0] for row in rows[1:]} == {"E09000016"}
    assert len(rows) == 1 + Figure.objects.filter(area__slug="havering").count()
    london = rows_of(client.get("/data/london.csv").content)
    assert {row[0] for row in london[1:]} == {"E23000001"}


def test_an_unknown_boroughs_download_is_a_404(client):
    assert client.get("/data/boroughs/gotham.csv").status_code == 404


def test_downloaded_figures_imported_into_an_empty_database_reproduce_every_table(client):
    call_command("load_demo")
    pages = {}
    urls = [
        f"/boroughs/{slug}/{year}/"
        for slug in ("havering", "bexley", "westminster")
        for year in ("2008-09", "2009-10", "2010-11")
    ] + ["/london/2009-10/"]
    for url in urls:
        pages[url] = table_rows(client.get(url).content.decode())
    download = client.get("/data/figures.csv").content
    Figure.objects.all().delete()
    report = import_figures_file(download)
    assert report.ok and report.new == len(rows_of(download)) - 1
    publish_everything()
    for url in urls:
        assert table_rows(client.get(url).content.decode()) == pages[url], url


def test_export_command_writes_the_figures_format(capsys, leaflet_figures):
    call_command("export_figures", "--borough", "havering", "--year", "2009/10")
    rows = rows_of(capsys.readouterr().out.encode())
    assert len(rows) == 15
    assert {(r[0], r[3]) for r in rows[1:]} == {("E09000016", "2009/10")}


def test_export_command_output_imports_back_unchanged(capsys, leaflet_figures):
    call_command("export_figures")
    out = capsys.readouterr().out.encode()
    report = import_figures_file(out)
    assert report.ok and report.unchanged == 42 and report.new == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--borough", "gotham"], "There is no borough 'gotham'"),
        (["--year", "2009/11"], "is not a financial year"),
    ],
)
def test_export_command_explains_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_figures", *args)
