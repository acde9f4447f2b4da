"""A merged person, organization or place keeps its old slug working."""

import pytest

from items.models import Update
from people.services import merge_organizations, merge_people
from places.services import merge_places
from tests.items.factories import (
    EventActorFactory,
    PersonMentionFactory,
    PlaceMentionFactory,
    QuoteFactory,
    UpdateFactory,
)
from tests.people.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def merged_person(curator):
    kept = PersonFactory(name="Igor Girkin", slug="igor-girkin")
    duplicate = PersonFactory(name="Igor Strelkov", slug="igor-strelkov")
    update = UpdateFactory(status=Update.Status.PUBLISHED)
    QuoteFactory(update=update, person=duplicate)
    PersonMentionFactory(update=update, person=duplicate)
    merge_people(kept, duplicate=duplicate, acting_user=curator)
    return update


def test_the_old_detail_answers_301_to_the_record_kept(client, merged_person):
    response = client.get("/api/v1/persons/igor-strelkov/?fields=name,slug")
    assert response.status_code == 301
    assert response["Location"] == (
        "http://testserver/api/v1/persons/igor-girkin/?fields=name,slug"
    )
    followed = client.get(response["Location"])
    assert followed.json() == {"name": "Igor Girkin", "slug": "igor-girkin"}


def test_filters_by_the_old_slug_still_match(client, merged_person):
    update = merged_person
    for path, parameter in [
        ("updates", "person"),
        ("quotes", "person"),
        ("quotes", "speaker"),
    ]:
        by_old = client.get(f"/api/v1/{path}/", {parameter: "igor-strelkov"})
        by_new = client.get(f"/api/v1/{path}/", {parameter: "igor-girkin"})
        assert ids(by_old) == ids(by_new) != set(), (path, parameter)
    assert ids(client.get("/api/v1/updates/", {"person": "igor-strelkov"})) == {
        update.pk
    }


def test_a_chain_of_merges_resolves_to_the_last(client, curator):
    first, second, last = (PersonFactory() for _ in range(3))
    merge_people(second, duplicate=first, acting_user=curator)
    merge_people(last, duplicate=second, acting_user=curator)
    response = client.get(f"/api/v1/persons/{first.slug}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/persons/{last.slug}/")


def test_a_deleted_record_is_still_a_404_and_an_unknown_slug_a_400(client):
    gone = PersonFactory(slug="gone")
    gone.delete()
    assert client.get("/api/v1/persons/gone/").status_code == 404
    response = client.get("/api/v1/updates/", {"person": "gone"})
    assert response.status_code == 400
    assert "person" in response.json()["errors"]


def test_merged_into_a_hidden_record_is_a_404_for_the_public(client, curator):
    hidden = PersonFactory(is_confirmed=False)
    duplicate = PersonFactory()
    merge_people(hidden, duplicate=duplicate, acting_user=curator)
    assert client.get(f"/api/v1/persons/{duplicate.slug}/").status_code == 404
    client.force_login(curator)
    assert client.get(f"/api/v1/persons/{duplicate.slug}/").status_code == 301


def test_organizations_old_slugs(client, curator):
    kept, duplicate = OrganizationFactory(), OrganizationFactory()
    AffiliationFactory(organization=duplicate)
    EventActorFactory(organization=duplicate)
    merge_organizations(kept, duplicate=duplicate, acting_user=curator)
    response = client.get(f"/api/v1/organizations/{duplicate.slug}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/organizations/{kept.slug}/")
    roles = client.get("/api/v1/affiliations/", {"organization": duplicate.slug})
    assert len(ids(roles)) == 1
    events = client.get("/api/v1/events/", {"actor": duplicate.slug})
    assert events.status_code == 200
    assert len(events.json()["results"]) == 1


def test_places_old_slugs(client, curator):
    country = PlaceFactory(kind="country")
    kept = PlaceFactory(parent=country)
    duplicate = PlaceFactory(parent=country)
    update = UpdateFactory(status=Update.Status.PUBLISHED)
    PlaceMentionFactory(update=update, place=duplicate)
    merge_places(kept, duplicate=duplicate, acting_user=curator)
    response = client.get(f"/api/v1/places/{duplicate.slug}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/places/{kept.slug}/")
    for parameter in ("place", "place_exact"):
        found = client.get("/api/v1/updates/", {parameter: duplicate.slug})
        assert ids(found) == {update.pk}, parameter
    within = client.get("/api/v1/places/", {"within": duplicate.slug})
    assert within.status_code == 200
