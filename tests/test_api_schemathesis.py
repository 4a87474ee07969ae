"""The API against its own OpenAPI schema, with requests schemathesis generates from it.

Schemathesis reads the schema served at /api/v1/openapi.json and, for every operation,
sends values the schema allows (and some it forbids), checking each answer against what
the schema declares: no server error, a declared status and content type, a body that
matches its schema, and a refusal for what the schema forbids. The app is called
in-process (WSGI) on the test database, holding the leaflet's published figures.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
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


@pytest.fixture(autouse=True)
def one_connection_for_the_test():
    """Called directly, the WSGI handler closes the database connection when a request ends
    (inside the test's transaction PostgreSQL's is then unusable); Django's own test client
    stops it doing so in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
