"""Open data: the figures as downloads, which import back unchanged."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from performance.figures.loading import import_figures_file
from performance.models import Figure, PublishedVia
from performance.publication.writing import publish

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
    assert len(measures) == 19 and "good-job" in measures and "victim-satisfaction-gap" in measures


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
        "value_basis",
        "target_basis",
        "released_on",
        "revised",
        "first_published",
        "first_published_on",
        "revision",
        "notes",
        "status",
        "confidence_low",
        "confidence_high",
        "rate_per_1000",
        "population",
        "population_source",
    ]
    assert len(rows) == 43
    today = timezone.localdate().isoformat()
    assert [
        "E09000016", "Havering", "residential-burglary", "2009/10", "result", "1880",
        "imputed", "assumed", today, "no", "", "", "", "", "missed", "", "", "", "", "",
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
        "imputed", "assumed", today, "yes", "339", today, "Ten robberies recorded late.", "",
        "missed", "", "", "", "", "",  # no population published with these: no rate
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


# ---------------------------------------------------------------- reuse (issue 14)

LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def save_schemas(client, package, folder) -> list[str]:
    """Each schema the package's resources name, saved beside it as a reuser would mirror it."""
    paths = sorted({resource["schema"] for resource in package["resources"]})
    (folder / "schemas").mkdir(exist_ok=True)
    for path in paths:
        response = client.get(f"/data/{path}")
        assert response.status_code == 200 and response.json()["fields"], path
        (folder / path).write_bytes(response.content)
    return paths


def test_a_download_that_breaks_its_schema_fails_validation(client, tmp_path, leaflet_figures):
    """The check above can fail: a value outside the schema's enum is reported."""
    from frictionless import validate

    package = client.get("/data/datapackage.json").json()
    package["resources"] = [r for r in package["resources"] if r["name"] == "london"]
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    save_schemas(client, package, tmp_path)
    rows = client.get("/data/london.csv").content.decode().replace(",result,", ",outcome,", 1)
    (tmp_path / "london.csv").write_text(rows)
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {error_type for (error_type,) in report.flatten(["type"])}


@pytest.mark.parametrize(
    "url", ["/data/figures.csv", "/data/boroughs/havering.csv", "/api/v1/boroughs"]
)
def test_open_data_says_its_licence_and_may_be_read_from_any_site(client, leaflet_figures, url):
    response = client.get(url, HTTP_ORIGIN="https://reuser.example")
    assert response.status_code == 200
    assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_public_pages_are_not_offered_to_other_sites(client, leaflet_figures):
    response = client.get("/boroughs/havering/2009-10/", HTTP_ORIGIN="https://reuser.example")
    assert "Access-Control-Allow-Origin" not in response


def test_the_licence_is_stated_on_the_data_page_in_the_footer_and_in_the_api(client):
    page = text(client.get("/data/").content.decode())
    assert "Open Government Licence v3.0" in page
    assert "open-data@example.org" in page
    footer = client.get("/").content.decode().split("<footer")[1]
    assert f'href="{LICENCE_URL}" rel="license"' in footer
    info = client.get("/api/v1/openapi.json").json()["info"]
    assert info["license"] == {"name": "Open Government Licence v3.0", "identifier": "OGL-UK-3.0"}
    assert info["contact"]["email"] == "open-data@example.org"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/boroughs", "/api/v1/boroughs/havering", "/api/v1/london/performance/2009-10"],
)
def test_every_api_operation_answers_head_like_get_without_a_body(client, leaflet_figures, url):
    get = client.get(url)
    head = client.head(url)
    assert (get.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"] == "application/json; charset=utf-8"
    assert head["Content-Length"] == str(len(get.content))


def test_writing_to_the_api_is_a_json_405_naming_what_is_allowed(client):
    response = client.post("/api/v1/boroughs")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {"message": "This API only reads: use GET or HEAD, not POST."}


def test_the_api_schema_declares_the_year_and_borough_patterns(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/v1/boroughs/{slug}/performance/{year}"]["get"]["parameters"]
    }
    assert parameters["year"]["pattern"] == "^[0-9]{4}-[0-9]{2}$"
    assert parameters["slug"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"


@pytest.mark.parametrize(
    "url",
    ["/boroughs/havering/2009-10/", "/data/figures.csv", "/api/v1/london/performance/2009-10"],
)
def test_pages_downloads_and_answers_are_compressed_and_say_how_to_cache_them(
    client, leaflet_figures, url
):
    import gzip

    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    assert packed["Cache-Control"] == "public, no-cache"
    assert packed["Last-Modified"].endswith(" GMT")
    # A browser that kept the page is told it has not changed.
    again = client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304


class TestOnTheDemo:
    """Tests of the demo as `load_demo` loads it: loaded once for them all (conftest's
    demo_once), each test's changes rolled back to it."""

    def test_downloaded_figures_imported_into_an_empty_database_reproduce_every_table(
        self, client, demo
    ):
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

    def test_the_data_package_describes_every_download_and_validates(self, client, tmp_path, demo):
        from frictionless import validate

        response = client.get("/data/datapackage.json")
        assert response.status_code == 200
        package = response.json()
        assert package["licenses"][0]["name"] == "OGL-UK-3.0"
        assert package["licenses"][0]["path"] == LICENCE_URL
        assert package["created"]  # when the figures were last released
        # Methods, and the machine-readable record of editions and series breaks.
        assert [m["name"] for m in package["methods"]][:2] == ["sources", "years"]
        sources = [(e["source"], e["last_period"]) for e in package["editions"]]
        assert ("recorded crime (ward)", "2026-03") in sources
        assert ("attitude survey", "2026-01") in sources
        assert sources[0] == ("recorded crime (borough)", "2016-12")
        ward = next(e for e in package["editions"] if e["source"] == "recorded crime (ward)")
        assert ward["incomplete_months"] == ["2024-03"] and ward["published_on_approximate"]
        breaks = {b["from_month"]: b for b in package["series_breaks"]}
        assert sorted(breaks) == ["2013-02", "2024-01"]
        assert "residential-burglary" in breaks["2024-01"]["measures"]
        paths = [resource["path"] for resource in package["resources"]]
        assert paths[:2] == ["figures.csv", "london.csv"]
        assert "boroughs/havering.csv" in paths and "boroughs/havering-monthly.csv" in paths
        assert "boroughs/havering-wards.csv" in paths
        assert "boroughs/havering-wards-monthly.csv" in paths
        assert len(paths) == 2 + 32 * 4 + 1  # and the category map
        # Every download, saved beside the package as a reuser would mirror it; of the 64
        # ward files, alike but for their borough, two boroughs' (validating all takes long).
        sampled = [
            r
            for r in package["resources"]
            if "-wards" not in r["path"]
            or r["path"].split("/")[-1].startswith(("havering-", "croydon-"))
        ]
        assert len(package["resources"]) - len(sampled) == 60
        package["resources"] = sampled
        paths = [resource["path"] for resource in sampled]
        (tmp_path / "datapackage.json").write_text(json.dumps(package))
        # One schema file for each kind of download, not a copy in every resource.
        assert save_schemas(client, package, tmp_path) == [
            "schemas/category-map.json",
            "schemas/figures.json",
            "schemas/monthly.json",
            "schemas/ward-months.json",
            "schemas/ward-years.json",
        ]
        for path in paths:
            download = client.get(f"/data/{path}")
            assert download.status_code == 200, path
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(download.content)
        assert sum(1 for _ in (tmp_path / "boroughs/havering-monthly.csv").open()) > 12
        report = validate(str(tmp_path / "datapackage.json"))
        assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])[
            :10
        ]

    def test_the_sitemap_lists_every_public_page_and_robots_txt_points_to_it(self, client, demo):
        import re

        from tests.factories import make_survey

        make_survey(slug="open-test")
        robots = client.get("/robots.txt").content.decode().splitlines()
        assert "Sitemap: http://testserver/sitemap.xml" in robots
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        listed = re.findall(r"<loc>http://testserver(.*?)</loc>", response.content.decode())
        for page in [
            "/",
            "/boroughs/",
            "/data/",
            "/accessibility/",
            "/api/v1/",
            "/london/2009-10/",
            "/boroughs/havering/",
            "/boroughs/havering/2009-10/",
            "/boroughs/bexley/2015-16/",
            "/have-your-say/",
            "/have-your-say/open-test/",
        ]:
            assert page in listed, page
        assert len([p for p in listed if re.fullmatch(r"/boroughs/[a-z-]+/", p)]) == 32
        assert "/boroughs/havering/wards/" in listed
        assert "/boroughs/havering/wards/E05013973/" in listed
        ward_pages = [p for p in listed if re.fullmatch(r"/boroughs/[a-z-]+/wards/E05\d{6}/", p)]
        assert len(ward_pages) == 678  # every ward in a borough
        # Ward pages and ward lists are alike: Havering's and Harold Wood's are read for all.
        listed = [
            p
            for p in listed
            if "/wards/" not in p
            or p.startswith("/boroughs/havering/wards/")
            and (p.endswith(("/wards/", "E05013973/")))
        ]
        assert not [p for p in listed if p.startswith("/admin/")]
        # Every kind of listed page is there, with a description of its own: every page but
        # the other boroughs' years (600 of them, alike), of which one per borough is read.
        borough_years = {}
        for page in listed:
            if match := re.fullmatch(r"/boroughs/([a-z-]+)/\d{4}-\d{2}/", page):
                borough_years.setdefault(match[1], page)
        for page in listed:
            found = re.fullmatch(r"/boroughs/([a-z-]+)/\d{4}-\d{2}/", page)
            if found and found[1] != "havering" and borough_years[found[1]] != page:
                continue
            html = client.get(page).content.decode()
            assert re.search(r'<meta name="description" content="[^"]{40,}">', html), page


def test_a_schema_the_package_does_not_name_is_not_found(client, leaflet_figures):
    response = client.get("/data/schemas/no-such-schema.json")
    assert response.status_code == 404
    assert "no schema by that name" in response.content.decode()
