"""`updated_after` on every list: the records changed since a time."""

import pytest

from changes.models import Change
from items.models import Update
from tests.items.factories import (
    ContributionFactory,
    CreditFactory,
    EventActorFactory,
    EventFactory,
    MediaFactory,
    QuoteFactory,
    UpdateFactory,
)
from tests.people.factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.places.factories import PlaceAliasFactory, PlaceFactory

pytestmark = pytest.mark.django_db

LONG_AGO = "2020-01-01T00:00:00Z"


def published():
    return UpdateFactory(status=Update.Status.PUBLISHED)


# list: (make a record, its name in the list, touch a part of it, or None)
LISTS = {
    "places": (PlaceFactory, "slug", lambda p: PlaceAliasFactory(place=p)),
    "persons": (PersonFactory, "slug", lambda p: AliasFactory(person=p)),
    "organizations": (
        OrganizationFactory,
        "slug",
        lambda o: AliasFactory(person=None, organization=o),
    ),
    "affiliations": (AffiliationFactory, "id", None),
    "stories": (lambda: published().story, "slug", None),
    "updates": (published, "id", lambda u: QuoteFactory(update=u)),
    "quotes": (lambda: QuoteFactory(update=published()), "id", None),
    "media": (
        lambda: MediaFactory(update=published()),
        "id",
        lambda m: CreditFactory(media=m),
    ),
    "contributions": (lambda: ContributionFactory(update=published()), "id", None),
    "events": (EventFactory, "slug", lambda e: EventActorFactory(event=e)),
}


def names(client, resource, **params) -> set:
    response = client.get(f"/api/v1/{resource}/", params)
    assert response.status_code == 200, response.content
    key = LISTS[resource][1]
    return {row[key] for row in response.json()["results"]}


@pytest.mark.parametrize("resource", LISTS)
def test_only_what_changed_since(client, resource):
    make, key, touch = LISTS[resource]
    old = make()
    Change.objects.update(at=LONG_AGO)
    new = make()
    name = lambda record: getattr(record, "pk" if key == "id" else key)  # noqa: E731
    assert names(client, resource) >= {name(old), name(new)}
    assert names(client, resource, updated_after="2021-01-01") == {name(new)}
    # Before every change, everything is "changed since".
    assert names(client, resource, updated_after="2019-12-31") >= {
        name(old),
        name(new),
    }
    if touch is None:
        return
    touch(old)
    assert names(client, resource, updated_after="2021-01-01") == {
        name(old),
        name(new),
    }


def test_a_bad_time_is_a_400_naming_it(client):
    response = client.get("/api/v1/persons/", {"updated_after": "last week"})
    assert response.status_code == 400
    assert "updated_after" in response.json()["errors"]


def test_the_schema_documents_it_on_every_list(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for resource in LISTS:
        parameters = schema["paths"][f"/api/v1/{resource}/"]["get"]["parameters"]
        assert "updated_after" in {p["name"] for p in parameters}, resource
