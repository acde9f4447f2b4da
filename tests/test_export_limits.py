"""The export's own limit counts only exports it lets through, anonymous clients
are limited by their own rate alone, and the export takes only its parameters."""

import pytest
from django.core.cache import cache

from items.models import Update
from tests.items.factories import UpdateFactory


@pytest.fixture
def archive(db):
    UpdateFactory(status=Update.Status.PUBLISHED)


def test_a_request_the_general_limit_refuses_uses_no_export_quota(
    client, archive, settings
):
    settings.API_RATES = {**settings.API_RATES, "anon": "2/min", "export": "2/hour"}
    assert [client.get("/api/v1/updates/").status_code for _ in range(2)] == [200] * 2
    assert client.get("/api/v1/export/").status_code == 429  # the general limit
    # A minute later the anonymous window is empty (DRF's key for it goes).
    cache.delete("throttle_anon_127.0.0.1")
    exports = [client.get("/api/v1/export/").status_code for _ in range(3)]
    assert exports == [200, 200, 429]


def test_anonymous_clients_are_not_held_to_the_curators_rate(client, archive, settings):
    settings.API_RATES = {**settings.API_RATES, "anon": "5/min", "user": "2/min"}
    statuses = [client.get("/api/v1/updates/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@pytest.mark.parametrize("parameter", ["format", "cursor", "page_size", "fields"])
def test_the_export_refuses_list_parameters(client, archive, parameter):
    response = client.get("/api/v1/export/", {parameter: "csv"})
    assert response.status_code == 400
    assert parameter in response.json()["errors"]
