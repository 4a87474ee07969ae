"""The living record (issue 26): every edition of the police's recorded crime in data/,
combined month by month, checked against sums worked out here from the files themselves."""

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from boroughs.models import Area
from performance.models import CrimeEdition
from performance.public import monthly_figures
from performance.rules import DISPERSION, dispersion_of, financial_year_of

from .html import text

DATA = Path(__file__).resolve().parent.parent / "performance" / "data"
# The borough editions, in the order the police published them.
EDITIONS = [
    "mps-borough-level-crime-2008-2016.csv",
    "mps-borough-level-crime-historical-2010-04-to-2023-09.csv",
    "mps-borough-level-crime-24-months-2023-03-to-2025-02.csv",
    "mps-borough-level-crime-24-months-2024-01-to-2025-12.csv",
]
# Written out here, apart from the service's own map: which minor categories make which
# measure in each vocabulary (docs/figures.md, "Category map").
MEASURE_OF = {
    "Burglary in a Dwelling": "residential-burglary",
    "Business Property": "robbery",
    "Personal Property": "robbery",
    "Theft From Motor Vehicle": "theft-from-vehicles",
    "Theft/Taking Of Motor Vehicle": "theft-of-vehicles",
    "BURGLARY IN A DWELLING": "residential-burglary",
    "BURGLARY - RESIDENTIAL": "residential-burglary",
    "RES BURGLARY OF A HOME": "residential-burglary",
    "RES BURGLARY OF UNCONNECTED BUILDING": "residential-burglary",
    "BURGLARY NON-DWELLING": "residential-burglary",
    "ROBBERY OF BUSINESS PROPERTY": "robbery",
    "ROBBERY OF PERSONAL PROPERTY": "robbery",
    "THEFT FROM A VEHICLE": "theft-from-vehicles",
    "THEFT OR UNAUTH TAKING OF A MOTOR VEH": "theft-of-vehicles",
    "AGGRAVATED VEHICLE TAKING": "theft-of-vehicles",
}
SAC_PARTS = ["residential-burglary", "robbery", "theft-from-vehicles", "theft-of-vehicles"]
NOT_BOROUGHS = {"Unknown", "London Heathrow and London City Airports"}


def key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("&", "and"))


def record_from_files():
    """{(borough key, measure): {YYYYMM: count}}, each borough-month from the latest
    edition that gives it."""
    months: dict[tuple[str, str], tuple[int, dict]] = {}
    for rank, name in enumerate(EDITIONS):
        with (DATA / name).open(newline="") as f:
            reader = csv.DictReader(f)
            old = "Borough" in reader.fieldnames
            for row in reader:
                borough = row["Borough" if old else "BoroughName"]
                if borough in NOT_BOROUGHS:
                    continue
                minor = row["Minor Category" if old else "MinorText"]
                for column, value in row.items():
                    if not re.fullmatch(r"[0-9]{6}", column):
                        continue
                    found = months.get((key(borough), column))
                    if found is None or found[0] < rank:
                        found = months[(key(borough), column)] = (rank, defaultdict(int))
                    if found[0] == rank:
                        counts = found[1]
                        counts["total-crime"] += int(value)
                        if minor in MEASURE_OF:
                            counts[MEASURE_OF[minor]] += int(value)
    record = defaultdict(dict)
    for (borough, month), (_, counts) in months.items():
        for measure in ["total-crime", *SAC_PARTS]:
            record[(borough, measure)][month] = counts[measure]
        record[(borough, "serious-acquisitive-crime")][month] = sum(counts[p] for p in SAC_PARTS)
    return record


def year_sum(monthly: dict, start: int) -> int | None:
    months = [f"{start}{m:02d}" for m in range(4, 13)] + [f"{start + 1}{m:02d}" for m in (1, 2, 3)]
    if any(m not in monthly for m in months):
        return None
    return sum(monthly[m] for m in months)


class TestOnTheDemo:
    """The demo as `load_demo` loads it (conftest's demo_once), the real record."""

    def test_every_borough_year_is_the_sum_of_each_month_from_the_latest_edition(
        self, client, demo
    ):
        record = record_from_files()
        download = list(
            csv.DictReader(client.get("/data/figures.csv").content.decode().splitlines())
        )
        released = {
            (key(r["area_name"]), r["measure"], int(r["year"][:4])): int(float(r["value"]))
            for r in download
            if r["figure"] == "result"
            and r["measure"] in ["total-crime", "serious-acquisitive-crime", *SAC_PARTS]
        }
        checked = 0
        for (borough, measure), monthly in record.items():
            for start in range(2008, 2025):
                expected = year_sum(monthly, start)
                assert expected is not None, (borough, measure, start)  # 2008/09–2024/25
                assert released[(borough, measure, start)] == expected, (borough, measure, start)
                checked += 1
        assert checked == 32 * 6 * 17
        # 2016/17 is a year: January–March 2017 are in a later edition than April–December.
        assert (key("Havering"), "total-crime", 2016) in released
        # 2025/26 is a year to date, never a result.
        assert not any(year == 2025 for _, _, year in released)
        # London-wide is the 32 boroughs' sum.
        london = {
            (r["measure"], int(r["year"][:4])): int(float(r["value"]))
            for r in download
            if r["area_code"] == "E23000001" and r["figure"] == "result"
        }
        for start in range(2010, 2025):
            assert london[("total-crime", start)] == sum(
                released[(b, "total-crime", start)] for b, m in record if m == "total-crime"
            )

    def test_the_monthly_download_keeps_every_month_ever_released(self, client, demo):
        for slug in ("havering", "westminster"):
            response = client.get(f"/data/boroughs/{slug}-monthly.csv")
            assert response.status_code == 200
            rows = list(csv.DictReader(response.content.decode().splitlines()))
            months = sorted({r["month"] for r in rows})
            assert months[0] == "2008-01" and months[-1] == "2025-12" and len(months) == 216
            # Each month from the latest edition that gives it, its day approximate.
            edition_of = {r["month"]: r["edition"] for r in rows if r["measure"] == "total-crime"}
            assert edition_of["2009-06"] == "2017-01-01"  # only the 2008–2016 file has it
            assert edition_of["2016-06"] == "2023-10-01"  # the historical edition revised it
            assert edition_of["2025-12"] == "2026-01-01"
            assert {r["edition_day_approximate"] for r in rows} == {"yes"}
            revised = [r for r in rows if r["revised_in_edition"]]
            assert revised and all(r["revised_from"] for r in revised)

    def test_a_year_to_date_is_answered_by_its_own_year(self, client, demo):
        data = client.get("/api/v1/boroughs/havering/performance/2025-26").json()
        assert data["complete"] is False and data["months"] == 9
        burglary = next(y for y in data["year_to_date"] if y["measure"] == "residential-burglary")
        assert burglary["period"] == "April to December 2025"
        record = record_from_files()[(key("Havering"), "residential-burglary")]
        assert burglary["count"] == sum(record[f"2025{m:02d}"] for m in range(4, 13))
        complete = client.get("/api/v1/boroughs/havering/performance/2024-25").json()
        assert complete["complete"] is True and complete["months"] == 12
        london = client.get("/api/v1/london/performance/2024-25").json()
        assert "sum of the 32 boroughs" in london["counting_rule"]

    def test_a_year_without_targets_leads_with_the_change_beside_londons(self, client, demo):
        page = text(client.get("/boroughs/havering/2024-25/").content.decode())
        page = page.replace("&#x27;", "'")
        assert "No targets were set for 2024/25" in page
        # The sentence is worked out from the released outcomes, Havering's and London's.
        burglary = client.get("/api/v1/boroughs/havering/performance/2024-25").json()
        london = client.get("/api/v1/london/performance/2024-25").json()
        mine, theirs = (
            next(m for m in data["measures"] if m["measure"] == "residential-burglary")
            for data in (burglary, london)
        )
        assert mine["change_percent"] < 0 and theirs["change_percent"] < 0
        more = "more" if abs(mine["change_percent"]) > abs(theirs["change_percent"]) else "less"
        assert (
            f"Residential burglary fell {abs(mine['change_percent'])}% (to {mine['value']:,}), "
            f"{more} than London's fall of {abs(theirs['change_percent'])}%."
        ) in page
        # The year so far, from the latest edition, whose day is not recorded.
        assert "So far in 2025/26" in page
        assert "recorded crime, edition of about 1 January 2026" in page
        # The 2024 re-classification is a series break beside the change across it.
        assert "Residential burglary re-classified" in page

    def test_the_ward_edition_is_kept_apart_and_its_first_month_flagged(self, demo):
        ward = CrimeEdition.objects.get(layout="ward")
        assert ward.incomplete_months == ["2024-03"]
        assert ward.other_units == ["Heathrow Villages"]
        rows = ward.source_rows.all()
        assert rows.count() == 18_669 and not rows.exclude(ward_code__startswith="E05")
        assert {len(counts) for counts in rows.values_list("counts", flat=True)} == {25}
        # Heathrow Villages is in no borough: kept, and in no borough's or London's count.
        assert set(rows.filter(area=None).values_list("unit_name", flat=True)) == {
            "Heathrow Villages"
        }

    def test_data_page_and_package_say_what_makes_each_measure(self, client, demo):
        page = text(client.get("/data/").content.decode())
        assert "RES BURGLARY OF UNCONNECTED BUILDING" in page
        # Categories only earlier editions list are still said: BURGLARY IN A DWELLING.
        assert "BURGLARY IN A DWELLING" in page
        assert "sum of the 32 boroughs" in page
        rows = list(
            csv.DictReader(client.get("/data/category-map.csv").content.decode().splitlines())
        )
        assert {
            "vocabulary": "Borough and ward files since 2019 (MajorText, MinorText)",
            "edition": "2026-04-01",
            "major_category": "BURGLARY",
            "minor_category": "RES BURGLARY OF A HOME",
            "measure": "residential-burglary",
        } in rows
        assert {
            "vocabulary": "Borough and ward files since 2019 (MajorText, MinorText)",
            "edition": "2025-03-01",
            "major_category": "BURGLARY",
            "minor_category": "BURGLARY IN A DWELLING",
            "measure": "residential-burglary",
        } in rows
        package = client.get("/data/datapackage.json").json()
        assert "sum of the 32 boroughs" in package["description"]
        assert "category-map.csv" in [r["path"] for r in package["resources"]]

    def test_each_measures_dispersion_is_estimated_from_the_released_record(self, demo):
        blocks = defaultdict(lambda: defaultdict(list))  # measure → (area, year) → months
        for area in Area.objects.boroughs():
            for month in monthly_figures(area):
                year = financial_year_of(month.month.year, month.month.month)
                blocks[month.measure.slug][(area.pk, year)].append(month.count)
        for slug, stated in DISPERSION.items():
            whole_years = [c for c in blocks[slug].values() if len(c) == 12]
            estimate = dispersion_of(whole_years)
            # Stated to one decimal place: within a tenth of the record's own estimate.
            assert abs(estimate - stated) <= Decimal("0.1"), (slug, estimate, stated)


pytestmark = pytest.mark.django_db
