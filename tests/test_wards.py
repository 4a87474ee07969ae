"""Ward pages, the ward API, ward downloads and search by a ward's name, checked against sums
worked out here from the police's ward file itself; and the rules they rest on."""

import csv
import io
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boroughs.models import Ward
from performance.models import CrimeEdition
from performance.rules.wards import (
    EditionShape,
    category_name,
    combined_series,
    unit_series,
    ward_years,
)
from sitewide.cache import invalidate_public_pages

from .html import first_table, table_rows, text

WARD_FILE = (
    Path(__file__).parent.parent
    / "performance/data/mps-ward-level-crime-24-months-2024-03-to-2026-03.csv"
)
# The file's names for residential burglary (its category map's judgement, restated here).
RESIDENTIAL_BURGLARY = {"RES BURGLARY OF A HOME", "RES BURGLARY OF UNCONNECTED BUILDING"}
HAROLD_WOOD = "E05013973"


def file_sums():
    """{ward code: {start year: {"total": n, "burglary": n}}} from the file, leaving out its
    first month (2024-03: 47 offences London-wide, no month of data), with names and
    boroughs."""
    sums = defaultdict(lambda: defaultdict(lambda: {"total": 0, "burglary": 0}))
    wards = {}
    with WARD_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["WardCode"]
            wards[code] = (row["WardName"], row["LookUp_BoroughName"])
            for column, value in row.items():
                if not column.isdigit() or column == "202403":
                    continue
                year, month = int(column[:4]), int(column[4:])
                start = year if month >= 4 else year - 1
                sums[code][start]["total"] += int(value)
                if row["MinorText"] in RESIDENTIAL_BURGLARY:
                    sums[code][start]["burglary"] += int(value)
    return sums, wards


@pytest.fixture(scope="module")
def from_file():
    return file_sums()


def count(text_value: str) -> int:
    return int(text_value.replace(",", "").replace("\u2212", "-"))


class TestWardsOnTheDemo:
    def test_random_wards_through_the_page_and_the_api_match_the_file(
        self, client, demo, from_file
    ):
        sums, names = from_file
        in_boroughs = sorted(c for c, (_, b) in names.items() if "Aviation" not in b)
        for code in random.Random(28).sample(in_boroughs, 6) + [HAROLD_WOOD]:
            expected = sums[code]
            answer = client.get(f"/api/v1/wards/{code}").json()
            assert answer["code"] == code and answer["name"] == names[code][0]
            years = {y["year"]: y for y in answer["years"]}
            assert list(years) == ["2024-25", "2025-26"]
            for slug, start in (("2024-25", 2024), ("2025-26", 2025)):
                year = years[slug]
                assert year["months"] == 12 and year["complete"] is True
                measures = {m["measure"]: m for m in year["measures"]}
                assert measures["total-crime"]["value"] == expected[start]["total"], code
                assert measures["residential-burglary"]["value"] == expected[start]["burglary"]
            total = {m["measure"]: m for m in years["2025-26"]["measures"]}["total-crime"]
            before, now = expected[2024]["total"], expected[2025]["total"]
            assert total["previous_value"] == before and total["change"] == now - before
            percent = (Decimal(now - before) * 100 / before).quantize(
                Decimal("0.1"), "ROUND_HALF_UP"
            )
            assert Decimal(str(total["change_percent"])) == percent
            # The first year has no complete year before it: no change is given.
            assert "change" not in years["2024-25"]["measures"][0]

            page = client.get(answer["links"]["page"])
            assert page.status_code == 200
            html = page.content.decode()
            assert f"{names[code][0]} is a ward in {answer['borough_name']}" in text(html)
            rows = {r[0]: r for r in table_rows(first_table(html))}
            total_row = rows["Total notifiable offences"]
            assert [count(c) for c in total_row[1:4]] == [before, now, now - before]
            assert "about 5%" in text(html) and "by chance" in text(html)

    def test_a_ward_by_the_polices_categories_adds_up_to_its_total(self, client, demo):
        html = client.get(f"/boroughs/havering/wards/{HAROLD_WOOD}/").content.decode()
        by_year = {r[0]: r for r in table_rows(first_table(html))}
        rows = {r[0]: r for r in table_rows(first_table(html[html.index('id="by-category"') :]))}
        rows.pop("Category")
        with WARD_FILE.open(newline="", encoding="utf-8") as handle:
            violence = sum(
                int(value)
                for row in csv.DictReader(handle)
                if row["WardCode"] == HAROLD_WOOD
                and row["MajorText"] == "VIOLENCE AGAINST THE PERSON"
                for column, value in row.items()
                if column.isdigit() and "202504" <= column <= "202603"
            )
        assert count(rows["Violence against the person"][2]) == violence
        total = by_year["Total notifiable offences"]
        for column in (1, 2):  # 2024/25, 2025/26
            assert sum(count(r[column]) for r in rows.values()) == count(total[column])

    def test_a_boroughs_wards_sort_and_match_the_file(self, client, demo, from_file):
        sums, names = from_file
        havering = {c for c, (_, b) in names.items() if b == "Havering"}
        html = client.get("/boroughs/havering/wards/", {"sort": "total", "order": "desc"})
        rows = table_rows(first_table(html.content.decode()))[1:]
        assert len(rows) == len(havering) == 20
        by_name = {names[c][0]: c for c in havering}
        totals = [count(row[1]) for row in rows]
        assert totals == sorted(totals, reverse=True)
        for row in rows:
            expected = sums[by_name[row[0]]]
            assert count(row[1]) == expected[2025]["total"]
            assert count(row[2]) == expected[2025]["total"] - expected[2024]["total"]
            assert count(row[4]) == expected[2025]["burglary"]

    def test_ward_downloads_match_the_file(self, client, demo, from_file):
        sums, names = from_file
        response = client.get("/data/boroughs/havering-wards.csv")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        totals = [r for r in rows if r["measure"] == "total-crime"]
        assert len(totals) == 40  # 20 wards, two years
        for row in totals:
            assert row["borough_name"] == "Havering" and row["complete"] == "yes"
            start = int(row["year"][:4])
            assert int(row["value"]) == sums[row["ward_code"]][start]["total"]
        monthly = client.get("/data/boroughs/havering-wards-monthly.csv").content.decode()
        months = list(csv.DictReader(io.StringIO(monthly)))
        harold = [
            r for r in months if r["ward_code"] == HAROLD_WOOD and r["measure"] == "total-crime"
        ]
        assert [r["month"] for r in harold][:2] == ["2024-04", "2024-05"]  # never 2024-03
        assert (
            sum(int(r["count"]) for r in harold)
            == sums[HAROLD_WOOD][2024]["total"] + sums[HAROLD_WOOD][2025]["total"]
        )

    def test_wrong_addresses(self, client, demo):
        moved = client.get(f"/boroughs/bexley/wards/{HAROLD_WOOD}/")
        assert (
            moved.status_code == 301
            and moved["Location"] == f"/boroughs/havering/wards/{HAROLD_WOOD}/"
        )
        assert client.get("/boroughs/havering/wards/E05999999/").status_code == 404
        assert client.get("/boroughs/gotham/wards/").status_code == 404
        missing = client.get("/api/v1/wards/E05999999")
        assert missing.status_code == 404 and "E05999999" in missing.json()["message"]
        assert client.get("/api/v1/wards/harold-wood").status_code == 400

    def test_search_finds_a_ward_by_its_name(self, client, demo):
        found = client.get("/boroughs/", {"q": "harold wood"})
        assert found.status_code == 302
        page = client.get(found["Location"])
        assert "Harold Wood is a ward in Havering" in text(page.content.decode())
        # A name several boroughs' wards share: each, with a link to its page.
        listed = client.get("/boroughs/", {"q": "Kilburn"}).content.decode()
        assert '2 wards are called "Kilburn"' in text(listed)
        links = [w for w in Ward.objects.filter(name="Kilburn")]
        for ward in links:
            address = f"/boroughs/{ward.borough.slug}/wards/{ward.code}/"
            assert f'href="{address}"' in listed
            assert client.get(address).status_code == 200
        # A borough's own name is the borough, as before.
        assert client.get("/boroughs/", {"q": "Havering"})["Location"] == "/boroughs/havering/"

    def test_ward_figures_are_public_only_through_a_release(self, client, demo):
        CrimeEdition.objects.filter(layout="ward").update(release=None, release_at=None)
        invalidate_public_pages()
        assert client.get(f"/api/v1/wards/{HAROLD_WOOD}").json()["years"] == []
        page = client.get(f"/boroughs/havering/wards/{HAROLD_WOOD}/").content.decode()
        assert "No figures for Harold Wood have been published yet" in text(page)
        listing = client.get("/boroughs/havering/wards/").content.decode()
        assert "No ward figures have been published for Havering yet" in text(listing)
        assert client.get("/data/boroughs/havering-wards.csv").status_code == 404

    def test_ward_pages_run_the_same_queries_however_many_wards(self, client, demo):
        def queries(url):
            invalidate_public_pages()
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        # Havering has 20 wards; Croydon 28.
        assert queries("/boroughs/havering/wards/") == queries("/boroughs/croydon/wards/")
        # Built once a publication, then read as stored.
        for address in (
            "/boroughs/havering/wards/?sort=total",
            f"/boroughs/havering/wards/{HAROLD_WOOD}/",
        ):
            built = queries(address)
            with CaptureQueriesContext(connection) as again:
                assert client.get(address, HTTP_COOKIE="sessionid=x").status_code == 200
            assert len(again) < built
        assert queries("/data/boroughs/havering-wards.csv") == queries(
            "/data/boroughs/croydon-wards.csv"
        )
        harold = queries(f"/boroughs/havering/wards/{HAROLD_WOOD}/")
        other = Ward.objects.filter(borough__slug="croydon").first()
        assert harold == queries(f"/boroughs/croydon/wards/{other.code}/")

    def test_the_borough_page_costs_the_same_with_or_without_wards(self, client, demo):
        def borough_page():
            invalidate_public_pages()
            with CaptureQueriesContext(connection) as captured:
                html = client.get("/boroughs/havering/").content.decode()
            return len(captured), html

        with_wards, html = borough_page()
        assert 'href="/boroughs/havering/wards/"' in html
        assert html.count("lps-map__area--here") == 1  # where it is in London
        CrimeEdition.objects.filter(layout="ward").delete()
        Ward.objects.all().delete()
        assert borough_page()[0] == with_wards

    def test_london_map_has_one_link_per_borough(self, client, demo):
        html = client.get("/london/2024-25/", {"measure": "total-crime"}).content.decode()
        svg = html[
            html.index('<svg class="lps-map"') : html.index(
                "</svg>", html.index('<svg class="lps-map"')
            )
        ]
        rows = {r[0]: r for r in table_rows(html[html.index("lps-table--sortable") - 40 :])[1:]}
        for name, row in rows.items():
            assert svg.count(f'aria-label="{name}: ') == 1, name
            assert f"{name}: {row[4]} offences per 1,000 residents" in svg
        assert svg.count("<a href=") == 32
        assert "City of London" in svg and "Contains OS data © Crown copyright" in html
        # The key names every borough once, so the shades are not read by colour alone.
        key = text(
            html[html.index("Key: offences per 1,000") : html.index("City of London: its own")]
        )
        assert all(key.count(name) >= 1 for name in rows)
        # Shaded by change instead: the change is in each borough's name on the map.
        change = client.get("/london/2024-25/", {"measure": "total-crime", "shade": "change"})
        assert f"Havering: {rows['Havering'][3]}</title>" in change.content.decode()
        # The equal-size tiles stay one click away.
        assert "map=tiles" in html


def test_a_wards_series_leaves_out_incomplete_months_and_sums_totals():
    shape = EditionShape(
        first_month=(2024, 3),
        incomplete=frozenset({(2024, 3)}),
        category_map={
            ("burglary", "home"): "residential-burglary",
            ("robbery", "street"): "robbery",
            ("other", "x"): "",
        },
    )
    rows = [
        ("BURGLARY", "Home", [9, 1, 2]),
        ("ROBBERY", "Street", [9, 3, 0]),
        ("OTHER", "X", [9, 5, 5]),
    ]
    series = unit_series(shape, rows, {"sac": ("residential-burglary", "robbery")})
    assert series["total-crime"] == {(2024, 4): 9, (2024, 5): 7}
    assert series["residential-burglary"] == {(2024, 4): 1, (2024, 5): 2}
    assert series["sac"] == {(2024, 4): 4, (2024, 5): 2}
    # A later edition's months replace an earlier one's; others stay.
    later = {"total-crime": {(2024, 5): 8, (2024, 6): 1}}
    assert combined_series([series, later])["total-crime"] == {
        (2024, 4): 9,
        (2024, 5): 8,
        (2024, 6): 1,
    }


def test_the_polices_category_names_are_written_as_a_sentence():
    assert category_name("VIOLENCE AGAINST THE PERSON") == "Violence against the person"
    assert category_name("NFIB FRAUD") == "NFIB fraud"


def test_a_change_is_given_only_between_two_complete_years():
    months = {(2024 + (m >= 13 and 1 or 0), (m - 1) % 12 + 1): 10 for m in range(4, 16)}  # 2024/25
    months.update({(2025, 4): 5, (2025, 5): 5})  # two months of 2025/26
    years = ward_years({"total-crime": months}, ["total-crime"])
    assert [(y.label, y.months, y.complete) for y in years] == [
        ("2024/25", 12, True),
        ("2025/26", 2, False),
    ]
    assert years[0].measures[0].value == 120 and years[0].measures[0].change is None
    assert years[1].measures[0].value == 10 and years[1].measures[0].change is None
