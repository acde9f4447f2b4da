"""The updates list's fast path and UpdateSerializer give the same JSON."""

import itertools

import pytest

from items.api.serializers import UpdateSerializer
from items.models import Update

from .factories import full_updates

pytestmark = pytest.mark.django_db

EXPANDABLE = sorted(UpdateSerializer.expandable)


@pytest.mark.parametrize(
    "expand",
    [
        (),
        *((name,) for name in EXPANDABLE),
        ("persons", "places", "quotes"),
        tuple(EXPANDABLE),
    ],
    ids=lambda names: ",".join(names) or "none",
)
def test_list_rows_match_the_serializer(api_client, demo, expand):
    """Each listed row equals its detail page, which the serializer renders."""
    full_updates(3)
    query = {"page_size": 500}
    if expand:
        query["expand"] = ",".join(expand)
    listed = api_client.get("/api/v1/updates/", query).json()["results"]
    assert len(listed) == Update.objects.published().count() > 3
    detail_query = {k: v for k, v in query.items() if k == "expand"}
    for row in listed:
        detail = api_client.get(f"/api/v1/updates/{row['id']}/", detail_query).json()
        assert row == detail


def test_fields_pick_from_the_fast_rows(api_client, demo):
    rows = api_client.get("/api/v1/updates/", {"fields": "headline,id"}).json()
    assert list(rows["results"][0]) == ["id", "headline"]


def test_combinations_of_fields_and_expand_are_accepted(api_client, demo):
    for expand in itertools.combinations(EXPANDABLE, 2):
        response = api_client.get(
            "/api/v1/updates/", {"expand": ",".join(expand), "fields": ",".join(expand)}
        )
        assert response.status_code == 200
        assert set(response.json()["results"][0]) == set(expand)
