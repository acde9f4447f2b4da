"""Every list makes the same number of queries for 2 rows as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from items.models import Update

from .items.factories import PersonMentionFactory, full_updates
from .people.factories import PersonFactory
from .test_api import LISTS

pytestmark = pytest.mark.django_db

RESOURCES = LISTS  # every list the API serves


def count_queries(api_client, resource: str) -> int:
    url = f"/api/v1/{resource}/"
    expandable = resolve(url).func.cls.serializer_class.expandable
    query = {"page_size": 500}
    if expandable:
        query["expand"] = ",".join(expandable)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(url, query)
    assert response.status_code == 200, response.json()
    assert response.json()["results"], resource
    return len(queries)


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_query_count_does_not_grow_with_rows(api_client, resource):
    full_updates(2)
    few = count_queries(api_client, resource)
    full_updates(48)
    many = count_queries(api_client, resource)
    assert few == many, f"{resource}: {few} queries for 2 updates, {many} for 50"


@pytest.mark.parametrize("persons", [1, 2], ids=["one person", "two persons"])
def test_person_filtered_list_query_count_does_not_grow_with_rows(api_client, persons):
    """Both shapes of the person filter: the involvement join and the semi-join."""
    followed = PersonFactory.create_batch(persons)

    def count_filtered(total: int) -> int:
        full_updates(total - Update.objects.count())
        for update in Update.objects.exclude(person_involvements__person=followed[0]):
            for person in followed:
                PersonMentionFactory(update=update, person=person)
        url = "/api/v1/updates/"
        expand = ",".join(resolve(url).func.cls.serializer_class.expandable)
        query = {"person": [p.slug for p in followed], "expand": expand}
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(url, query | {"page_size": 500})
        assert response.status_code == 200, response.json()
        assert len(response.json()["results"]) == total
        return len(queries)

    few = count_filtered(2)
    many = count_filtered(50)
    assert few == many, f"{few} queries for 2 updates, {many} for 50"
