"""The API against its own OpenAPI schema, with requests schemathesis generates from it.

Schemathesis reads the schema served at /api/v1/openapi.json and, for every operation,
sends values the schema allows (and some it forbids), checking each answer against what
the schema declares: no server error, a declared status and content type, a body that
matches its schema, and a refusal for what the schema forbids. The app is called
in-process (WSGI) on the test database, holding the leaflet's published figures.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from performance.api import api
from policing.wsgi import application

# The schema /api/v1/openapi.json serves, loaded once: it needs no database. (Schemathesis's
# lazy fixture loader relies on a pytest internal that pytest 9 removed.)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
schema.location = "/api/v1/openapi.json"


@pytest.fixture(autouse=True)
def published_figures(leaflet_figures, settings):
    # Schemathesis's WSGI client sends Host: localhost.
    settings.ALLOWED_HOSTS = ["localhost"]


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    # The published figures are set up once for each operation, not for each generated
    # example: the API only reads, so examples cannot disturb one another.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_its_schema(case):
    # Schemathesis sends requests' default "Accept-Encoding: gzip, deflate" but its WSGI
    # transport does not unpack what comes back; compression has its own test.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
