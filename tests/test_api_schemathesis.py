"""Property-based requests against the archive's own OpenAPI schema.

Every operation gets a bounded number of generated requests (valid and invalid
parameters alike) against the demo data; each response must not be a server error
and must match the documented status codes, content types and response schemas.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newsarchive.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 25
# The checks the API promises. Not positive_data_acceptance: a slug the schema
# allows (any string) may name no record, and that is rightly a 400.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded at import, not through schemathesis.pytest.from_fixture: that loader
# reads a private attribute pytest 9 removed. The schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def _keep_test_connection():
    """Requests go through the real WSGI app, whose request signals would close the
    test's database connection (and its transaction) as Django's test client
    prevents; hold them off as it does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_breaks_the_api(case, demo, _keep_test_connection):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.parametrize(
    "expand", ["", "person", "organization", "person,organization"]
)
def test_contributions_by_persons_and_organizations_match_the_schema(
    demo, _keep_test_connection, expand
):
    """A contribution names a person or an organization, the other null, in
    every form the API gives it (the fuzzer found the null undocumented)."""
    from items.models import Contribution, Update
    from people.models import Organization

    update = Update.objects.get()
    Contribution.objects.create(
        update=update,
        organization=Organization.objects.get(slug="epa"),
        role="contributor",
        is_confirmed=True,
    )
    query = {"expand": expand} if expand else {}
    operation = schema["/api/v1/contributions/"]["GET"]
    response = operation.Case(query=query).call_and_validate(checks=CHECKS)
    rows = response.json()["results"]
    assert {row["person"] is None for row in rows} == {True, False}
    for row in rows:
        case = schema["/api/v1/contributions/{id}/"]["GET"].Case(
            path_parameters={"id": row["id"]}, query=query
        )
        case.call_and_validate(checks=CHECKS)
