import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from places.models import Place, PlaceAlias
from places.services import merge_places, move_place, save_place

from .factories import PlaceAliasFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    russia = PlaceFactory(name="Russia", kind=Place.Kind.COUNTRY, slug="russia")
    oblast = PlaceFactory(name="Belgorod Oblast", parent=russia, slug="belgorod-oblast")
    city = PlaceFactory(
        name="Belgorod", parent=oblast, kind=Place.Kind.CITY, slug="belgorod"
    )
    ukraine = PlaceFactory(name="Ukraine", kind=Place.Kind.COUNTRY, slug="ukraine")
    return russia, oblast, city, ukraine


def test_inside_returns_the_whole_subtree_in_one_query(tree, django_assert_num_queries):
    russia, oblast, city, _ukraine = tree
    with django_assert_num_queries(1):
        inside = set(Place.objects.inside(russia))
    assert inside == {russia, oblast, city}
    assert set(Place.objects.inside(oblast, include_self=False)) == {city}
    assert set(Place.objects.inside(city)) == {city}


def test_inside_does_not_confuse_ids_that_share_digits():
    """Place 1's subtree must not pick up places under place 10, 11, ..."""
    roots = [PlaceFactory(kind=Place.Kind.AREA) for _ in range(12)]
    children = {root.pk: PlaceFactory(parent=root) for root in roots}
    first = roots[0]
    assert set(Place.objects.inside(first)) == {first, children[first.pk]}


def test_full_path_names_every_ancestor(tree):
    city = tree[2]
    assert city.full_path() == "Belgorod → Belgorod Oblast → Russia"


def test_a_place_cannot_be_its_own_parent_in_the_database(tree):
    oblast = tree[1]
    oblast.parent_id = oblast.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.filter(pk=oblast.pk).update(parent_id=oblast.pk)


def test_a_place_cannot_move_inside_its_own_descendant(tree):
    russia, oblast, city, _ = tree
    oblast.parent = city
    with pytest.raises(ValidationError) as error:
        save_place(oblast, acting_user=None)
    assert "parent" in error.value.message_dict
    oblast.refresh_from_db()
    assert oblast.parent == russia


def test_a_country_has_no_parent(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceFactory(kind=Place.Kind.COUNTRY, parent=tree[0])


def test_slugs_are_unique(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceFactory(slug="russia")


def test_aliases_are_unique_per_place_ignoring_case(tree):
    oblast = tree[1]
    PlaceAliasFactory(place=oblast, name="Belgorod region")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceAliasFactory(place=oblast, name="BELGOROD REGION")
    PlaceAliasFactory(place=tree[2], name="Belgorod region")  # another place may


def test_named_matches_canonical_names_and_aliases_ignoring_case(tree):
    oblast = tree[1]
    PlaceAliasFactory(place=oblast, name="Belgorod region")
    assert list(Place.objects.named("belgorod REGION")) == [oblast]
    assert list(Place.objects.named("Belgorod Oblast")) == [oblast]
    assert list(Place.objects.named("  Belgorod   Oblast ")) == [oblast]


def test_moving_a_place_carries_its_subtree(tree):
    russia, oblast, city, ukraine = tree
    move_place(oblast, parent=ukraine, acting_user=None)
    assert set(Place.objects.inside(ukraine)) == {ukraine, oblast, city}
    assert set(Place.objects.inside(russia)) == {russia}
    city.refresh_from_db()
    assert city.full_path() == "Belgorod → Belgorod Oblast → Ukraine"


def test_merge_places_moves_children_and_keeps_the_name_as_alias(tree):
    russia, oblast, city, _ = tree
    duplicate = PlaceFactory(name="Belgorod region", parent=russia)
    village = PlaceFactory(name="Shebekino", parent=duplicate)
    PlaceAliasFactory(place=duplicate, name="Belgorodskaya oblast")
    merge_places(oblast, duplicate=duplicate, acting_user=None)
    assert not Place.objects.filter(pk=duplicate.pk).exists()
    assert set(Place.objects.inside(oblast)) == {oblast, city, village}
    names = set(PlaceAlias.objects.filter(place=oblast).values_list("name", flat=True))
    assert names == {"Belgorod region", "Belgorodskaya oblast"}
    assert oblast.history.first().history_change_reason.startswith("merged")


def test_a_place_cannot_be_merged_into_its_own_descendant(tree):
    _russia, oblast, city, _ = tree
    with pytest.raises(ValidationError):
        merge_places(city, duplicate=oblast, acting_user=None)
    assert Place.objects.filter(pk=oblast.pk).exists()


def test_substring_name_search_uses_the_trigram_index_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are a PostgreSQL speed-up")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Place.objects.search("elgoro").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "places_place_name_trgm" in plan
