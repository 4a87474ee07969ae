"""Finding a borough from its name, a place in it or a postcode (issue 14)."""

import pytest

from boroughs.places import Found, find
from tests.html import text

BOROUGHS = [
    "Barnet", "Bexley", "Bromley", "Camden", "Hackney", "Haringey", "Havering",
    "Hillingdon", "Islington", "Richmond upon Thames", "Tower Hamlets", "Westminster",
]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "borough", "reason"),
    [
        ("Romford", "Havering", "Romford is in Havering"),
        ("  romford ", "Havering", "Romford is in Havering"),
        ("RM1 3AB", "Havering", "RM1 is in Havering"),
        ("rm13ab", "Havering", "RM1 is in Havering"),
        ("rm1", "Havering", "RM1 is in Havering"),
        ("Sidcup", "Bexley", "Sidcup is in Bexley"),
        # The list keeps central districts without their last letter: SW1A is SW1.
        ("SW1A 1AA", "Westminster", "SW1A is in Westminster"),
        # A borough's own name wins over a place of that name elsewhere (Bromley-by-Bow).
        ("Bromley", "Bromley", ""),
        ("havring", "Havering", ""),
        ("Romfrod", "Havering", "Romford is in Havering"),
    ],
)
def test_one_borough_is_found_from_a_name_a_place_a_postcode_or_a_typo(typed, borough, reason):
    search = find(typed, BOROUGHS)
    assert search.found == Found.MATCHES
    assert [(c.borough, c.reason) for c in search.candidates] == [(borough, reason)]
    assert not search.partly_city


def test_a_place_in_two_boroughs_offers_both():
    search = find("Hayes", BOROUGHS)
    assert [(c.borough, c.reason) for c in search.candidates] == [
        ("Bromley", "Hayes is in Bromley"),
        ("Hillingdon", "Hayes is in Hillingdon"),
    ]


def test_a_district_across_boroughs_offers_each_and_says_which_part():
    search = find("N1 9GU", BOROUGHS)
    assert search.found == Found.MATCHES and search.district == "N1"
    assert [c.borough for c in search.candidates] == ["Camden", "Hackney", "Islington"]
    assert search.candidates[0].reason == "part of N1 is in Camden"


def test_the_city_of_london_is_named_as_outside_what_is_covered():
    assert find("Barbican", BOROUGHS).found == Found.CITY_OF_LONDON
    assert find("EC4M 7AA", BOROUGHS).found == Found.CITY_OF_LONDON
    assert find("city of london", BOROUGHS).found == Found.CITY_OF_LONDON
    shared = find("EC3", BOROUGHS)  # Aldgate is in the City; part of EC3 in Tower Hamlets
    assert [c.borough for c in shared.candidates] == ["Tower Hamlets"]
    assert shared.partly_city


def test_a_postcode_the_list_does_not_know_is_unknown_not_misspelt():
    search = find("M1 1AE", BOROUGHS)
    assert search.found == Found.UNKNOWN_POSTCODE
    assert (search.postcode, search.district) == ("M1 1AE", "M1")


def test_nothing_like_it_and_nothing_typed():
    assert find("zzzz", BOROUGHS).found == Found.NOTHING
    assert find("   ", BOROUGHS).found == Found.EVERYTHING
    # Barnes (a place in Richmond) is not taken for a misspelt Barnet.
    assert [c.borough for c in find("Barnes", BOROUGHS).candidates] == ["Richmond upon Thames"]


def _page_text(client, typed: str) -> str:
    response = client.get("/boroughs/", {"q": typed})
    assert response.status_code == 200
    return text(response.content.decode())


@pytest.mark.django_db
class TestTheFindPage:
    @pytest.mark.parametrize(
        "typed, said",
        [
            ("rm1 3ab", "RM1 3AB is in Havering."),
            ("rm1", "RM1 is in Havering."),
            ("Romford", "Romford is in Havering."),
            ("Romferd", 'Showing Havering for "Romferd": Romford is in Havering.'),
            ("havring", 'Showing Havering for "havring".'),
            ("Haver", 'Showing Havering for "Haver".'),
        ],
    )
    def test_one_match_goes_straight_to_the_borough_saying_how_it_was_read(
        self, client, typed, said
    ):
        response = client.get("/boroughs/", {"q": typed}, follow=True)
        assert response.redirect_chain[0][0].startswith("/boroughs/havering/?searched=")
        page = text(response.content.decode())
        assert f"{said} Search again" in page
        # It is said before the page's title, so it is on the first screen.
        assert page.index(said) < page.index("Local policing summary")

    def test_the_borough_s_own_name_goes_to_its_page_with_nothing_to_say(self, client):
        response = client.get("/boroughs/", {"q": " havering "})
        assert response["Location"] == "/boroughs/havering/"

    @pytest.mark.parametrize("searched", ["Hayes", "Barking", "nonsense words"])
    def test_a_search_that_does_not_lead_here_is_not_said(self, client, searched):
        # Hayes is in two boroughs and Barking in another: neither is this page's search.
        page = text(client.get("/boroughs/havering/", {"searched": searched}).content.decode())
        assert "Search again" not in page and searched not in page

    def test_searching_with_nothing_typed_says_what_to_type(self, client):
        response = client.get("/boroughs/", {"q": "  "})
        assert response.status_code == 200
        page = text(response.content.decode())
        assert page.count("Enter a borough, a town or area, or a postcode") == 2
        assert "There is a problem" in page
        assert response.content.decode().count("Find your borough</label></h1>") == 1

    def test_candidates_are_offered_with_why(self, client):
        page = _page_text(client, "Hayes")
        assert '2 boroughs match "Hayes". Choose yours:' in page
        assert "Bromley (Hayes is in Bromley)" in page
        assert "Hillingdon (Hayes is in Hillingdon)" in page

    def test_a_full_postcode_in_a_shared_district(self, client):
        page = _page_text(client, "n1 9gu")
        assert "N1 9GU is in postcode district N1, which is in more than one borough" in page
        assert "Islington (part of N1 is in Islington)" in page

    def test_an_unknown_postcode_is_never_called_a_spelling_mistake(self, client):
        page = _page_text(client, "M1 1AE")
        assert "We cannot tell which borough M1 1AE is in" in page
        assert "spelling" not in page
        assert "All 32 London boroughs" in page

    def test_the_city_of_london_says_it_has_its_own_police_force(self, client):
        page = _page_text(client, "Barbican")
        assert '"Barbican" is in the City of London' in page
        assert "its own police force, the City of London Police" in page
        assert "All 32 London boroughs" in page

    def test_a_district_partly_in_the_city_is_not_sent_straight_on(self, client):
        response = client.get("/boroughs/", {"q": "EC3"})
        assert response.status_code == 200
        page = text(response.content.decode())
        assert "Part of EC3 is in the City of London" in page
        assert "Tower Hamlets (part of EC3 is in Tower Hamlets)" in page

    def test_nothing_matching_says_so_and_lists_every_borough(self, client):
        page = _page_text(client, "zzzz")
        assert 'No London borough or place matches "zzzz"' in page
        assert "All 32 London boroughs" in page
