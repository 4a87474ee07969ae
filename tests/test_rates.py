"""Rates per 1,000 residents and similar boroughs: the rules, and their way to the public."""

from decimal import Decimal

import pytest

from boroughs.models import Area
from performance.models import FinancialYear, PopulationEstimate
from performance.publication.writing import publish
from performance.rules import (
    INNER_LONDON,
    Population,
    london_population,
    population_for,
    rate_per_1000,
    similar_to,
)

from .conftest import publish_everything
from .html import table_rows, text

CENSUS = "ONS Census 2021"


def test_a_year_uses_the_nearest_population_and_a_rate_is_count_over_residents_times_1000():
    census, later = Population(2021, 262_022, CENSUS), Population(2024, 270_000, "Estimate")
    assert population_for([census, later], 2009) == census
    assert population_for([census, later], 2023) == later  # 1 year from 2024, 2 from 2021
    assert population_for([], 2021) is None
    rate = rate_per_1000(Decimal(19_728), census, 2024)
    assert rate.per_1000 == Decimal("75.3") and not rate.far_from_population
    assert rate_per_1000(Decimal(17_149), census, 2009).far_from_population  # 12 years off
    assert rate_per_1000(None, census, 2009) is None
    assert rate_per_1000(Decimal(1), None, 2009) is None


def test_london_wide_is_the_sum_of_every_borough_for_one_year_or_nothing():
    boroughs = [Population(2021, 100, CENSUS), Population(2021, 200, CENSUS)]
    assert london_population(boroughs, 2021).residents == 300
    assert london_population([*boroughs, None], 2021) is None  # a borough without one
    assert london_population([boroughs[0], Population(2024, 5, CENSUS)], 2021) is None


def test_similar_boroughs_are_nearest_in_population_on_the_same_side_of_inner_london():
    residents = {"Havering": 262, "Bexley": 246, "Harrow": 261, "Camden": 262, "Hackney": 259}
    assert "Camden" in INNER_LONDON and "Havering" not in INNER_LONDON
    assert similar_to("Havering", residents) == ["Harrow", "Bexley"]  # not inner Camden
    assert similar_to("Camden", residents) == ["Hackney"]
    assert similar_to("Sutton", residents) == []  # its population is not known


@pytest.mark.django_db
def test_a_population_reaches_the_pages_only_through_a_release(client, leaflet_figures):
    havering = Area.objects.get(slug="havering")
    publish_everything()
    PopulationEstimate.objects.create(area=havering, year=2021, population=262_022, source=CENSUS)

    def havering_burglary():
        html = client.get("/boroughs/havering/2009-10/compare/").content.decode()
        return next(r for r in table_rows(html) if r[0] == "Residential burglary")[1]

    assert "per 1,000" not in havering_burglary()  # entered, not yet published
    publish(year=FinancialYear.objects.get(start_year=2009), area=havering, via="admin")
    # 1,882 burglaries per 262,022 residents, per 1,000; the page says which population.
    assert "7.2 per 1,000 residents" in havering_burglary()
    page = text(client.get("/boroughs/havering/2009-10/compare/").content.decode())
    assert (
        "Rates per 1,000 residents divide by each area's population: ONS Census 2021, 2021." in page
    )
    assert "more than 3 years from 2009/10" in page
    data = text(client.get("/data/").content.decode())
    assert "ONS Census 2021, 2021: 262,022 residents in the 32 boroughs" in data
    assert "the three on the same side of the Inner / Outer London line" in data


@pytest.mark.django_db
class TestOnTheDemo:
    """The demo, with each borough's Census 2021 population released (conftest demo_once)."""

    @pytest.mark.parametrize("slug", ["havering", "camden", "sutton"])
    def test_each_crime_s_rate_in_the_api_is_its_count_over_the_census_times_1000(
        self, client, demo, slug
    ):
        from .test_pages import census_2021

        answer = client.get(f"/api/v1/boroughs/{slug}/performance/2023-24").json()
        residents = census_2021()[answer["area"]["name"]]
        for entry in answer["measures"]:
            expected = (Decimal(entry["value"]) * 1000 / residents).quantize(
                Decimal("0.1"), "ROUND_HALF_UP"
            )
            assert Decimal(str(entry["rate_per_1000"])) == expected, entry["measure"]
            assert entry["population"] == residents
            assert entry["population_source"] == (
                "ONS Census 2021 (table TS007A), usual residents, 2021"
            )

    def test_london_wide_divides_by_the_32_boroughs_and_the_page_says_so(self, client, demo):
        from .test_pages import census_2021

        answer = client.get("/api/v1/london/performance/2023-24").json()
        assert answer["measures"][0]["population"] == sum(census_2021().values())
        page = text(client.get("/boroughs/havering/2023-24/").content.decode())
        assert "Per 1,000 residents Total notifiable offences: 80.8" in page  # 21,171 / 262,022
        assert "ONS Census 2021 (table TS007A), usual residents, 2021." in page
        assert "more than 3 years from" not in page  # 2023/24 is near enough 2021

    def test_compare_gives_the_similar_boroughs_average_rate(self, client, demo):
        from .test_pages import INNER, census_2021

        census = census_2021()
        outer = [n for n in census if n not in INNER and n != "Havering"]
        similar = sorted(outer, key=lambda n: (abs(census[n] - census["Havering"]), n))[:3]
        rates = []
        for name in similar:
            slug = name.lower().replace(" ", "-")
            entry = client.get(f"/api/v1/boroughs/{slug}/performance/2023-24").json()["measures"][0]
            rates.append(Decimal(entry["value"]) * 1000 / census[name])
        rounded = [r.quantize(Decimal("0.1"), "ROUND_HALF_UP") for r in rates]
        average = (sum(rounded) / 3).quantize(Decimal("0.1"), "ROUND_HALF_UP")
        html = client.get("/boroughs/havering/2023-24/compare/").content.decode()
        total = next(r for r in table_rows(html) if r[0] == "Total notifiable offences")
        assert total[-1].endswith(f"{average} per 1,000 residents")

    def test_the_downloads_give_each_crime_result_its_rate_and_population(self, client, demo):
        import csv
        import io

        from .test_pages import census_2021

        rows = list(csv.DictReader(io.StringIO(client.get("/data/boroughs/camden.csv").text)))
        row = next(r for r in rows if r["measure"] == "robbery" and r["year"] == "2023/24")
        residents = census_2021()["Camden"]
        expected = (Decimal(row["value"]) * 1000 / residents).quantize(
            Decimal("0.1"), "ROUND_HALF_UP"
        )
        assert (row["rate_per_1000"], row["population"]) == (str(expected), str(residents))
        assert row["population_source"] == "ONS Census 2021 (table TS007A), usual residents, 2021"
