"""The read-only JSON API: answers, errors, caching, and agreement with its own schema."""

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from performance.models import ReleasedOutcome

from .html import text
from .test_pages import LEAFLET_TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def check_against_schema(schema, path, response):
    """Validate a response body against the schema's declared response for its status."""
    operation = schema["paths"][path]["get"]
    declared = operation["responses"][str(response.status_code)]
    body_schema = declared["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**body_schema, "components": schema["components"]})
    errors = list(validator.iter_errors(response.json()))
    assert not errors, [e.message for e in errors]


ENDPOINTS = [
    ("/api/v1/boroughs", "/api/v1/boroughs"),
    ("/api/v1/boroughs/{slug}", "/api/v1/boroughs/havering"),
    ("/api/v1/measures", "/api/v1/measures"),
    ("/api/v1/years", "/api/v1/years"),
    ("/api/v1/boroughs/{slug}/performance/{year}", "/api/v1/boroughs/havering/performance/2009-10"),
    ("/api/v1/london/performance/{year}", "/api/v1/london/performance/2009-10"),
]


@pytest.mark.parametrize(("path", "url"), ENDPOINTS)
def test_every_endpoint_answers_within_its_schema(client, schema, a_few_figures, path, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    check_against_schema(schema, path, response)


@pytest.mark.parametrize(
    ("path", "url", "status", "message"),
    [
        ("/api/v1/boroughs/{slug}", "/api/v1/boroughs/gotham", 404, "no London borough"),
        (
            "/api/v1/boroughs/{slug}/performance/{year}",
            "/api/v1/boroughs/gotham/performance/2009-10",
            404,
            "no London borough",
        ),
        (
            "/api/v1/boroughs/{slug}/performance/{year}",
            "/api/v1/boroughs/havering/performance/2031-32",
            404,
            "no figures for 2031-32",
        ),
        (
            "/api/v1/boroughs/{slug}/performance/{year}",
            "/api/v1/boroughs/havering/performance/2009-11",
            404,  # written as the schema allows, but no year: nothing there
            "is not a financial year",
        ),
        (
            "/api/v1/london/performance/{year}",
            "/api/v1/london/performance/last-year",
            400,
            "Write years like 2009-10",
        ),
        ("/api/v1/london/performance/{year}", "/api/v1/london/performance/20O9-10", 400, "2009-10"),
    ],
)
def test_errors_are_json_with_a_message_and_the_right_status(
    client, schema, a_few_figures, path, url, status, message
):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["message"]
    check_against_schema(schema, path, response)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/boroughs/a%00b",
        "/api/v1/boroughs/" + "x" * 5000,
        "/api/v1/boroughs/%C3%A9t%C3%A9",
        "/api/v1/boroughs/havering/performance/%00",
        "/api/v1/boroughs/havering/performance/" + "9" * 500,
        "/api/v1/london/performance/-1",
        "/api/v1/boroughs/'%20OR%201=1--",
    ],
)
def test_hostile_parameters_get_a_json_4xx_never_a_500(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500
    assert response.json()["message"]


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"message": "There is nothing at this address in the API."}


def test_borough_performance_matches_the_leaflet(client, leaflet_figures):
    data = client.get("/api/v1/boroughs/havering/performance/2009-10").json()
    assert [m["name"] for m in data["measures"]] == [row[0] for row in LEAFLET_TABLE]
    burglary = data["measures"][0]
    assert burglary == {
        "measure": "residential-burglary",
        "name": "Residential burglary",
        "unit": "offences",
        "value": 1880,
        "value_shown": 1880,
        "previous_value": 1498,
        "change": 382,
        "change_percent": 25.5,
        "target": -2.5,
        "status": "missed",
        "statement": (
            "a target to reduce residential burglary by 2.5%: there were 382 more crimes, "
            "a 25.5% increase"
        ),
        "sample_size": None,  # a count of offences, not a survey estimate
        "confidence_interval": None,
        "derived_from": None,
        "coverage": None,
        "notes": [],
        "revised": None,
        # The leaflet prints changes, not levels; and only whether a target was met.
        "value_basis": "imputed",
        "target_basis": "assumed",
        "released_on": timezone.localdate().isoformat(),
        # No population published with these figures: no rate.
        "rate_per_1000": None,
        "population": None,
        "population_source": None,
    }
    assert [m["status"] for m in data["measures"]] == [
        "missed",
        "missed",
        "achieved",
        "achieved",
        "missed",
        "missed",
        "missed",
    ]
    assert "2.3% reduction in serious acquisitive crime" in data["priorities_next_year"]


def test_london_performance_statements_are_the_pages_sentences(client, leaflet_figures):
    data = client.get("/api/v1/london/performance/2009-10").json()
    page = text(client.get("/london/2009-10/").content.decode())
    for entry in data["measures"]:
        assert entry["statement"] in page
    sac = next(m for m in data["measures"] if m["measure"] == "serious-acquisitive-crime")
    assert sac["change"] == -6919 and sac["change_percent"] == -3.5


def test_not_assessed_and_no_target_statuses(client, leaflet_figures):
    data = client.get("/api/v1/boroughs/havering/performance/2010-11").json()
    assert {m["status"] for m in data["measures"]} == {"not-assessed"}
    assert all(m["value"] is None and m["change_percent"] is None for m in data["measures"])


def test_lists(client, leaflet_figures):
    boroughs = client.get("/api/v1/boroughs").json()
    assert len(boroughs) == 32
    havering = next(b for b in boroughs if b["slug"] == "havering")
    assert havering == {
        "code": "E09000016",
        "name": "Havering",
        "slug": "havering",
        "links": {
            "self": "/api/v1/boroughs/havering",
            "page": "/boroughs/havering/",
            "figures_csv": "/data/boroughs/havering.csv",
        },
    }
    measures = client.get("/api/v1/measures").json()
    # The measures the leaflet's figures released; none a release has not yet published
    # (the two groups of victims' satisfaction are in the catalogue, with no figures).
    released = set(ReleasedOutcome.objects.values_list("measure_slug", flat=True))
    assert {m["slug"] for m in measures} == released and len(measures) == 11
    assert not {"victim-satisfaction-white", "victim-satisfaction-bme"} & released
    assert measures[2]["part_of"] == "serious-acquisitive-crime"
    assert [y["slug"] for y in client.get("/api/v1/years").json()] == [
        "2008-09",
        "2009-10",
        "2010-11",
    ]


def test_responses_carry_an_etag_and_honour_conditional_requests(client, leaflet_figures):
    first = client.get("/api/v1/boroughs/havering/performance/2009-10")
    etag = first["ETag"]
    assert etag
    again = client.get("/api/v1/boroughs/havering/performance/2009-10", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/boroughs/havering/performance/2009-10", HTTP_IF_NONE_MATCH='"x"')
    assert other.status_code == 200


def test_the_api_page_describes_every_endpoint_for_people(client, schema):
    html = client.get("/api/v1/").content.decode()
    page = text(html)
    assert page.count("<h1") == 0 and html.count("<h1") == 1
    for path in schema["paths"]:
        assert f"GET {path}" in page
    assert 'href="/api/v1/openapi.json"' in html
