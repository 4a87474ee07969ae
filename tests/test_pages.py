"""The public pages, read as the public reads them."""

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from boroughs.models import Area, EngagementGroup, UsefulContact
from performance.models import BoroughSummary, Figure, FinancialYear, LondonSummary, Measure
from performance.publication.writing import publish

from .conftest import publish_everything
from .html import first_table, table_rows, text

# Inner London as the Office for National Statistics defines it, less the City.
INNER = {
    "Camden", "Hackney", "Hammersmith and Fulham", "Haringey", "Islington",
    "Kensington and Chelsea", "Lambeth", "Lewisham", "Newham", "Southwark", "Tower Hamlets",
    "Wandsworth", "Westminster",
}  # fmt: skip


def census_2021() -> dict[str, int]:
    """Each borough's Census 2021 usual residents, read from the data file itself."""
    path = Path(__file__).parent.parent / "performance/data"
    with (path / "ons-census-2021-population-by-age-london-boroughs.csv").open() as handle:
        return {
            row["geography"]: int(row["Age: Total"])
            for row in csv.DictReader(handle)
            if row["geography"] != "City of London"
        }


pytestmark = pytest.mark.django_db

LEAFLET_TABLE = [
    ["Residential burglary", "382 offences or +25.5%", "Target missed"],
    ["Total robbery", "6 offences or +1.8%", "Target missed"],
    ["Theft from vehicles", "361 offences or \u221222.9%", "Target achieved"],
    ["Theft or taking of vehicles", "321 offences or \u221228.2%", "Target achieved"],
    ["Serious youth violence", "2 offences or \u22121.4%", "Target missed"],
    ["Knife crime", "2 offences or +1.0%", "Target missed"],
    ["Gun crime", "3 offences or +7.3%", "Target missed"],
]


def test_havering_2009_10_shows_the_leaflets_table_row_for_row(client, leaflet_figures):
    response = client.get("/boroughs/havering/2009-10/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "How did Havering perform during 2009/10?" in text(html)
    rows = table_rows(first_table(html))
    # Each row's change, before the note folded under it ("A note on this figure").
    changes = [
        re.split(r" (?:A note on this figure|Why it was revised)", row[1])[0] for row in rows
    ]
    body = [
        [row[0], change, row[3].split(" Target:")[0]]
        for row, change in zip(rows, changes, strict=True)
    ][1:]
    assert body == LEAFLET_TABLE
    # Gun crime's 41 to 44 and knife crime's 200 to 202 are within ordinary variation
    # (1.96 × √(φ × (a + b))): said beside them; residential burglary's +382 is not.
    notes = {row[0]: row[1].partition("Note:")[2] for row in rows[1:]}
    assert notes["Gun crime"] == (" Within ordinary variation: a change of 3 can happen by chance.")
    assert notes["Knife crime"].startswith(" Within ordinary variation: a change of 2 ")
    assert "ordinary variation" not in notes["Residential burglary"]
    # Beside the leaflet's columns, the year's level, so "382 offences" is not read as
    # the year's total.
    assert rows[0][2] == "2009/10 figure"
    assert [row[2] for row in rows[1:]] == ["1,880", "339", "1,215", "817", "141", "202", "44"]


def test_havering_2009_10_opens_with_the_verdict_in_plain_words(client, leaflet_figures):
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    in_short = page.index("Havering in 2009/10: in short")
    assert in_short < page.index("Message from the Borough Commander")
    opening = page[in_short : page.index("See the figures in full")]
    assert opening.startswith("Havering in 2009/10: in short Targets met: 2 of 7. ")
    assert (
        "Residential burglary rose by 382 to 1,880, up 25.5%, missing its target of a 2.5% "
        "reduction." in opening
    )
    assert (
        "Serious youth violence fell by 2 to 141, down 1.4%: less than the 4.7% reduction "
        "aimed for, so it missed its target." in opening
    )


def test_havering_2009_10_lists_next_years_priorities_in_words(client, leaflet_figures):
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "Priorities for 2010/11" in page
    for priority in [
        "2.3% reduction in serious acquisitive crime",
        "4.0% reduction in most serious violence",
        "1.0% reduction in serious youth violence",
        "1.6% reduction in gun crime",
        "1.0% reduction in knife crime",
    ]:
        assert priority in page


def test_london_2009_10_shows_the_leaflets_achievements_and_misses(client, leaflet_figures):
    page = text(client.get("/london/2009-10/").content.decode())
    achieved = page[page.index("Targets achieved") : page.index("Targets missed")]
    missed = page[page.index("Targets missed") :]
    assert (
        "a reduction in serious acquisitive crime of 3.5% or 6,919 fewer crimes, exceeding the "
        "2.5% reduction target" in achieved
    )
    assert (
        "a reduction in theft from vehicles of 7.9% or 6,195 fewer crimes, exceeding the 2.5% "
        "reduction target" in achieved
    )
    assert "public confidence in local policing was 53.1% against a target of 51.4%" in achieved
    assert (
        "a target to reduce gun crime by 4.2%: there were 429 more crimes, a 14.2% increase"
        in missed
    )
    assert (
        "a target to reduce serious youth violence by 4.7%: there were 105 more crimes, a 1.6% "
        "increase" in missed
    )
    assert (
        "satisfaction gap between White and BME victims was 4.9 percentage points: this missed "
        "the target of 3.8 percentage points" in missed
    )


def test_london_page_shows_the_chairs_message_mission_and_priorities(client, leaflet_figures):
    year = FinancialYear.objects.get(start_year=2009)
    LondonSummary.objects.create(
        year=year,
        chair_message="First paragraph.\n\nSecond paragraph.",
        chair_name="A. Chair",
        chair_role="Chair of the authority",
        mission_title="Our mission",
        mission_outcomes="feel safer\nsee less crime",
        plan_title="The plan",
        strategic_priorities="reduce violence\ncatch criminals",
    )
    publish_everything()
    html = client.get("/london/2009-10/").content.decode()
    page = text(html)
    assert "A message from A. Chair" in page
    assert '<p class="govuk-body">Second paragraph.</p>' in html
    assert "A. Chair, Chair of the authority" in page
    assert "Our mission" in page and "see less crime" in page
    assert "The plan" in page and "catch criminals" in page


def test_home_lists_every_borough_and_the_latest_london_summary(client, leaflet_figures):
    html = client.get("/").content.decode()
    links = re.findall(r'href="/boroughs/([a-z-]+)/"', html)
    assert len(links) == 32
    assert "havering" in links and "city-of-london" not in links
    page = text(html)
    assert "London-wide in 2009/10" in page
    assert "6,919 fewer crimes" in page


def test_borough_page_without_a_year_shows_the_latest_year_with_results(client, leaflet_figures):
    page = text(client.get("/boroughs/havering/").content.decode())
    assert "Local policing summary 2009/10" in page
    assert "382 offences or +25.5%" in page


def test_borough_page_shows_the_commanders_message_initiatives_groups_and_contacts(
    client, leaflet_figures, havering, year_2009
):
    BoroughSummary.objects.create(
        area=havering,
        year=year_2009,
        commander_name="Jo Example",
        commander_message="We did well.",
        initiatives="A street a week.",
        priorities_text="better answers to calls",
    )
    EngagementGroup.objects.create(
        area=havering, name="Havering CPEG", how_to_join="Come along.", email="c@example.org"
    )
    UsefulContact.objects.create(name="Helpline", telephone="020 7946 0999")
    UsefulContact.objects.create(area=Area.objects.get(slug="bexley"), name="Bexley only")
    publish_everything()
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "Message from the Borough Commander We did well. Jo Example, Borough Commander" in page
    assert "Havering: local police initiatives A street a week." in page
    assert "better answers to calls" in page
    assert "Havering CPEG" in page and "Come along." in page
    assert "Helpline" in page and "020 7946 0999" in page
    assert "Bexley only" not in page


def test_a_borough_with_nothing_published_reads_well(client):
    response = client.get("/boroughs/bexley/")
    assert response.status_code == 200
    assert "No figures have been published for Bexley yet." in text(response.content.decode())


def test_a_year_with_no_message_and_no_priorities_reads_well(client, leaflet_figures):
    page = text(client.get("/boroughs/havering/2010-11/").content.decode())
    assert "There is no message from the Borough Commander for 2010/11." in page
    assert "The priorities for 2011/12 have not been published yet." in page
    # 2010/11 has targets but no results yet: each is shown as not assessed, and why.
    assert "No result for 2010/11 yet" in page
    assert "Not assessed" in page


def test_a_measure_with_no_target_or_no_previous_year_says_so(client, havering, year_2009):
    robbery = Measure.objects.get(slug="robbery")
    knife = Measure.objects.get(slug="knife-crime")
    Figure.objects.create(area=havering, measure=robbery, year=year_2009, kind="result", value=5)
    Figure.objects.create(area=havering, measure=robbery, year=year_2009, kind="target", value=-2)
    Figure.objects.create(
        area=havering,
        measure=knife,
        year=FinancialYear.objects.get(start_year=2008),
        kind="result",
        value=10,
    )
    Figure.objects.create(area=havering, measure=knife, year=year_2009, kind="result", value=12)
    publish_everything()
    rows = table_rows(client.get("/boroughs/havering/2009-10/").content.decode())[1:]
    assert rows[0][0] == "Total robbery"
    assert rows[0][1] == "5 offences (no 2008/09 figure to compare with)"
    assert rows[0][3].startswith("Not assessed")
    assert rows[1][0] == "Knife crime" and rows[1][2:] == ["12", "No target"]
    # The note is one tap away, under the change.
    assert rows[1][1] == (
        "2 offences or +20.0% A note on this figure (Knife crime) Note: Within ordinary "
        "variation: a change of 2 can happen by chance."
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/boroughs/gotham/", "There is no London borough at this address."),
        ("/boroughs/london/2009-10/", "There is no London borough at this address."),
        ("/boroughs/havering/2031-32/", "There are no figures for the year 2031/32."),
        ("/boroughs/havering/2009-11/", "There are no figures for the year 2009/11."),
        ("/london/1999-00/", "There are no figures for the year 1999/00."),
        ("/boroughs/havering/2009/", ""),
        ("/no-such-page/", ""),
    ],
)
def test_unknown_boroughs_and_years_get_a_clear_404(client, url, message):
    response = client.get(url)
    assert response.status_code == 404
    page = text(response.content.decode())
    assert "Page not found" in page
    assert message in page
    assert "Resolver404" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/london/2009-10/",
        "/boroughs/havering/",
        "/boroughs/havering/2009-10/",
        "/boroughs/bexley/",
        "/data/",
        "/no-such-page/",
    ],
)
def test_every_page_has_one_h1_a_skip_link_and_loads_nothing_from_other_sites(
    client, leaflet_figures, url
):
    html = client.get(url).content.decode()
    assert len(re.findall(r"<h1\b", html)) == 1
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html):
        assert "//" not in tag, tag
    assert "GDS Transport" not in html


def test_percent_measures_show_the_value_against_the_target(client, london_area, leaflet_figures):
    rows = table_rows(client.get("/london/2009-10/").content.decode())
    confidence = next(r for r in rows if r[0] == "Public confidence in local policing")
    assert confidence[1] == (
        "53.1% against a target of 51.4%Sample size not published, so no confidence interval. "
        "How we judge survey figures (Public confidence in local policing)"
    )
    assert confidence[3].startswith("Target achieved")  # judged as before, without a sample


def test_london_wide_results_not_entered_are_the_sum_of_all_32_boroughs(client, london_area):
    year = FinancialYear.objects.get(start_year=2009)
    measure = Measure.objects.get(slug="knife-crime")
    figures = [
        Figure(area=area, measure=measure, year=year, kind="result", value=Decimal(10))
        for area in Area.objects.boroughs()
    ]
    for figure in figures:
        figure.save()
    Figure.objects.create(area=london_area, measure=measure, year=year, kind="target", value=-1)
    publish_everything()
    rows = table_rows(client.get("/london/2009-10/").content.decode())
    knife = next(r for r in rows if r[0] == "Knife crime")
    assert knife[1].startswith("320 offences")
    assert "(the sum of the 32 boroughs)" in knife[1]


def test_find_your_borough_by_name_without_javascript(client):
    response = client.get("/boroughs/", {"q": "  havering "})
    assert response.status_code == 302 and response["Location"] == "/boroughs/havering/"
    page = text(client.get("/boroughs/", {"q": "ham"}).content.decode())
    assert "8 boroughs match" in page and "Hammersmith and Fulham" in page
    page = text(client.get("/boroughs/", {"q": "gotham"}).content.decode())
    assert 'No London borough or place matches "gotham"' in page
    assert 'action="/boroughs/"' in client.get("/").content.decode()


def test_every_page_has_an_accessibility_statement_and_useful_contacts_in_its_footer(client):
    UsefulContact.objects.create(name="Report a crime (demo)", telephone="020 7946 0123")
    assert "Report a crime" not in client.get("/").content.decode()  # a draft until released
    publish(year=FinancialYear.objects.first())
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/accessibility/"' in footer
    assert "Report a crime (demo): 020 7946 0123" in text(footer)
    assert "Accessibility statement" in text(client.get("/accessibility/").content.decode())


def test_borough_page_draws_each_measures_trend_with_its_numbers_in_a_table(
    client, leaflet_figures
):
    html = client.get("/boroughs/havering/2009-10/").content.decode()
    assert html.count('class="lps-chart lps-chart--trend"') == 7
    burglary = html[html.index('id="trend-residential-burglary"') :]
    assert "Residential burglary by year. 2008/09: 1,498; 2009/10: 1,880." in burglary
    # The chart says itself in a sentence, and writes each year and its value on it.
    assert text(burglary[: burglary.index("<svg")]).endswith(
        "From 1,498 in 2008/09 to 1,880 in 2009/10. "
        "Highest: 1,880 in 2009/10; lowest: 1,498 in 2008/09."
    )
    svg = burglary[: burglary.index("</svg>")]
    labels = [t.rsplit(">", 1)[1] for t in svg.split("</text>")[:-1]]
    assert labels == ["2008/09", "1,498", "2009/10", "1,880"]
    rows = table_rows(burglary[: burglary.index("</table>")])
    # 2009/10's target level: 1,498 less 2.5% = 1,460.55, shown as 1,461.
    assert rows[1:] == [["2008/09", "1,498", "none"], ["2009/10", "1,880", "1,461"]]


@pytest.mark.parametrize(
    "query", [{"measure": "nonsense"}, {"sort": "'; drop"}, {"order": "sideways"}, {"measure": ""}]
)
def test_london_page_ignores_unknown_choices(client, leaflet_figures, query):
    assert client.get("/london/2009-10/", query).status_code == 200


def test_compare_for_an_unknown_borough_or_year_is_a_404(client):
    assert client.get("/boroughs/gotham/2009-10/compare/").status_code == 404
    assert client.get("/boroughs/havering/2031-32/compare/").status_code == 404


class TestOnTheDemo:
    """Tests of the demo as `load_demo` loads it: loaded once for them all (conftest's
    demo_once), each test's changes rolled back to it."""

    def test_london_at_a_glance_shows_every_borough_on_one_measure(self, client, demo):

        html = client.get("/london/2009-10/", {"measure": "residential-burglary"}).content.decode()
        glance = html[html.index('id="at-a-glance"') :]
        rows = table_rows(glance)[1:]
        assert len(rows) == 32
        havering = next(r for r in rows if r[0] == "Havering")
        # The police's count; the change and the (assumed) target the leaflet's.
        assert havering[1:4] == ["1,882", "+382", "+25.5%"] and havering[5] == "Target missed"
        # A fall is written with the minus sign every other page uses, never a hyphen.
        falls = [c for r in rows for c in r[2:4] if c.startswith("\u2212")]
        assert falls and not [c for r in rows for c in r[2:4] if c.startswith("-")]
        # Per 1,000 residents of the Census 2021 (released with the figures), every borough.
        census = census_2021()
        for row in rows:
            count = Decimal(row[1].replace(",", ""))
            expected = (count * 1000 / census[row[0]]).quantize(Decimal("0.1"), "ROUND_HALF_UP")
            assert row[4] == str(expected), row
        # The page names the population, and says 2021 is far from 2009/10.
        assert "ONS Census 2021 (table TS007A), usual residents, 2021." in text(glance)
        assert "more than 3 years from 2009/10" in text(glance)
        # The equal-size tiles, one click away, say each status by symbol as well as colour.
        tiles = client.get(
            "/london/2009-10/", {"measure": "residential-burglary", "map": "tiles"}
        ).content.decode()
        assert tiles.count('class="lps-tile__label"') == 32
        assert "Havering: Target missed" in tiles
        # Each status agrees with the borough's own page.
        bexley = next(r for r in rows if r[0] == "Bexley")
        bexley_page = table_rows(
            first_table(client.get("/boroughs/bexley/2009-10/").content.decode())
        )
        assert bexley[5] == "No target"  # no borough but the leaflet's had targets
        assert next(r for r in bexley_page if r[0] == "Residential burglary")[3].startswith(
            bexley[5]
        )

    def test_london_table_sorts_by_links_without_javascript(self, client, demo):

        url = "/london/2009-10/"
        html = client.get(url, {"measure": "gun-crime", "sort": "percent", "order": "desc"})
        glance = html.content.decode()[html.content.decode().index('id="at-a-glance"') :]
        rows = table_rows(glance)[1:]
        percents = [float(r[3].rstrip("%").replace("\u2212", "-")) for r in rows if r[3] != "–"]
        assert percents == sorted(percents, reverse=True)
        assert 'aria-sort="descending"' in glance
        assert "sort=percent#at-a-glance" in glance  # the link that sorts the other way

    def test_compare_puts_a_borough_beside_london_and_boroughs_of_similar_size(self, client, demo):
        html = client.get("/boroughs/havering/2009-10/compare/").content.decode()
        page = text(html)
        # Outer London boroughs nearest Havering's Census 2021 population (262,022).
        census = census_2021()
        outer = [n for n in census if n not in INNER and n != "Havering"]
        similar = sorted(outer, key=lambda n: (abs(census[n] - census["Havering"]), n))[:3]
        assert f"how we choose them ): {' , '.join(similar)} ." in page
        rows = table_rows(first_table(html))
        gun = next(r for r in rows if r[0] == "Gun crime")
        assert gun[1].startswith("+7.3%") and "Target missed" in gun[1]
        assert gun[2].startswith("+14.2%")  # London-wide, as the leaflet says
        assert gun[3] == "–"  # no other borough's gun crime is published: none is invented
        # Each crime count beside its rate per 1,000 residents, Havering's and London's.
        total = next(r for r in rows if r[0] == "Total notifiable offences")
        assert total[1] == "\u22124.9%65.4 per 1,000 residents No target"  # 17,149 / 262,022
        residents = Decimal(sum(census.values()))  # London-wide: the 32 boroughs
        london = client.get("/api/v1/london/performance/2009-10").json()["measures"][0]
        rate = (Decimal(london["value"]) * 1000 / residents).quantize(
            Decimal("0.1"), "ROUND_HALF_UP"
        )
        assert total[2].endswith(f"{rate} per 1,000 residents")
        burglary = next(r for r in rows if r[0] == "Residential burglary")
        assert (
            burglary[3].startswith("+") and "%" in burglary[3]
        )  # the police's counts, for every borough
        # A fall is written with a minus sign, as on every other page, not a hyphen.
        vehicles = next(r for r in rows if r[0] == "Theft from vehicles")
        assert vehicles[1].startswith("\u221222.9%") and "-" not in vehicles[1] + vehicles[2]
        assert (
            'href="/boroughs/havering/2009-10/compare/"'
            in client.get("/boroughs/havering/2009-10/").content.decode()
        )

    def test_compare_puts_any_borough_the_reader_chooses_beside_it(self, client, demo):
        html = client.get("/boroughs/havering/2009-10/compare/").content.decode()
        choices = re.findall(r'<option value="([a-z-]+)"', html)
        assert len(choices) == 31 and "havering" not in choices and "bexley" in choices
        html = client.get("/boroughs/havering/2009-10/compare/", {"with": "bexley"}).content
        html = html.decode()
        assert "Compared with Bexley and London" in text(html)
        header, *rows = table_rows(first_table(html))
        assert header == [
            "Measure",
            "Havering",
            "Bexley",
            "London-wide",
            "Similar boroughs (average)",
        ]
        total = next(r for r in rows if r[0] == "Total notifiable offences")
        bexley = client.get("/api/v1/boroughs/bexley/performance/2009-10").json()["measures"][0]
        assert total[2].startswith(f"{bexley['change_percent']:+.1f}%".replace("-", "\u2212"))
        # A borough that is not one, or Havering itself, is not a choice: the page without.
        for junk in ("gotham", "havering"):
            page = client.get("/boroughs/havering/2009-10/compare/", {"with": junk}).content
            assert table_rows(first_table(page.decode()))[0][:3] == [
                "Measure",
                "Havering",
                "London-wide",
            ]

    def test_the_london_table_and_map_agree_with_every_boroughs_own_page(self, client, demo):

        html = client.get("/london/2009-10/", {"measure": "robbery"}).content.decode()
        glance = html[html.index('id="at-a-glance"') :]
        rows = {r[0]: r for r in table_rows(glance)[1:]}
        assert len(rows) == 32
        tiles = client.get("/london/2009-10/", {"measure": "robbery", "map": "tiles"})
        for area in Area.objects.boroughs():
            row = rows[area.name]
            # The map's borough says its rate, the tile its status, as the table does.
            assert f"{area.name}: {row[4]} offences per 1,000 residents</title>" in glance
            assert f"{area.name}: {row[5]}</title>" in tiles.content.decode()
            page = table_rows(
                first_table(client.get(f"/boroughs/{area.slug}/2009-10/").content.decode())
            )
            mine = next(r for r in page if r[0].startswith("Total robbery"))
            assert mine[3].startswith(row[5]), area.name
            if row[3] != "–":
                assert row[3].replace("-", "\u2212") in mine[1], area.name
