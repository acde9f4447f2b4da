"""Facets of a place's subtree are counted ahead (migration 0019), and stay right.

A public `/updates/facets/` that asks for one place, or for nothing, reads
items_facetcount. Each test compares its answer with the general path's (the
same question plus a filter that changes nothing, which the kept counts do not
answer) after a change that touches the counts: a status, a link, a
confirmation, a story, a place moved in the tree, a deletion. Both databases.
"""

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from items import kept_facets
from items.api.aggregates import FACETS
from items.models import FacetCount, FacetRecount, Update, UpdateFacets
from items.synthetic import generate_archive
from newsarchive.aggregate_cache import archive_changed
from people.models import Person
from places.models import Place
from places.services import move_place

from .factories import (
    PlaceMentionFactory,
    QuoteFactory,
    StoryFactory,
    UpdateFactory,
    full_updates,
)

pytestmark = pytest.mark.django_db
EVERYTHING = "2000-01-01"  # published_after this: the general path, same answer


def facets(client, **params) -> dict:
    response = client.get(
        "/api/v1/updates/facets/", {**params, "facet": ",".join(FACETS), "limit": 100}
    )
    assert response.status_code == 200, response.json()
    return response.json()


def kept_and_general(client, place: str | None) -> tuple[dict, dict, str]:
    scope = {"place": place} if place else {}
    with CaptureQueriesContext(connection) as queries:
        kept = facets(client, **scope)
    # Read now: the next request empties the log the capture reads.
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    general = facets(client, **scope, published_after=EVERYTHING)
    return kept, general, statements


def assert_kept_facets_right(client, places=None) -> None:
    """For the whole archive and each place with public updates: the kept
    answer is the general one, and it was read from the kept counts."""
    if places is None:
        places = list(
            Place.objects.filter(is_confirmed=True)
            .order_by("slug")
            .values_list("slug", flat=True)
        )
    for place in [None, *places]:
        with TestCase.captureOnCommitCallbacks(execute=True):
            archive_changed()  # no answer kept from before: each is computed
        kept, general, statements = kept_and_general(client, place)
        assert "items_facetcount" in statements, place
        assert kept == general, place


@pytest.fixture
def archive(demo, django_capture_on_commit_callbacks):
    """The demo, full updates in a country's regions, a generated slice, and
    what the public must not count (a draft, a proposed mention)."""
    with django_capture_on_commit_callbacks(execute=True):
        full_updates(3)
        generate_archive(updates=40, seed=3)
        draft = UpdateFactory(status=Update.Status.DRAFT)
        PlaceMentionFactory(update=draft, place=Place.objects.get(slug="russia"))
        proposed = Update.objects.published().order_by("pk").last()
        PlaceMentionFactory(
            update=proposed,
            place=Place.objects.get(slug="belgorod-oblast"),
            is_confirmed=False,
        )


@pytest.fixture
def changed(django_capture_on_commit_callbacks):
    """Run a change as a committed one: kept answers are forgotten after it."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def test_kept_facets_agree_with_the_general_path_for_every_place(client, archive):
    assert FacetRecount.objects.exists()  # noted, not counted yet
    assert_kept_facets_right(client)
    assert not FacetRecount.objects.exists()
    assert FacetCount.objects.filter(scope=0, kind="story").exists()


def test_an_update_counts_once_per_place_however_many_of_its_places_lie_inside(
    client, archive, changed
):
    russia = Place.objects.get(slug="russia")
    inside = Place.objects.inside(russia, include_self=False).filter(is_confirmed=True)[
        :2
    ]
    update = UpdateFactory(status=Update.Status.PUBLISHED, story=StoryFactory())

    def mention_two():
        for place in inside:
            PlaceMentionFactory(update=update, place=place)

    changed(mention_two)
    stories = {
        row["value"]: row["count"] for row in facets(client, place="russia")["story"]
    }
    assert stories[update.story.slug] == 1
    assert_kept_facets_right(client, ["russia"])


def test_kept_facets_follow_a_status_a_story_and_a_deletion(client, archive, changed):
    update = Update.objects.published().order_by("pk").first()
    changed(lambda: Update.objects.filter(pk=update.pk).update(status="draft"))
    assert_kept_facets_right(client, ["russia", "belgorod-oblast"])
    changed(lambda: Update.objects.filter(pk=update.pk).update(status="published"))
    other = Update.objects.published().order_by("pk").last()
    changed(lambda: Update.objects.filter(pk=other.pk).update(story=StoryFactory()))
    assert_kept_facets_right(client, ["russia", "belgorod-oblast"])
    changed(lambda: Update.objects.get(pk=other.pk).delete())
    assert_kept_facets_right(client)
    assert not UpdateFacets.objects.filter(update_id=other.pk).exists()


def test_kept_facets_follow_links_and_confirmations(client, archive, changed):
    update = Update.objects.published().order_by("pk").first()
    mention = update.place_mentions.first()
    changed(
        lambda: type(mention).objects.filter(pk=mention.pk).update(is_confirmed=False)
    )
    assert_kept_facets_right(client)
    changed(lambda: QuoteFactory(update=update, channel="television"))
    assert "television" in {row["value"] for row in facets(client)["channel"]}
    assert_kept_facets_right(client)
    # A quote is public only while its speaker is, and so is its channel.
    speaker = Person.objects.filter(quotes__update=update).first()
    changed(lambda: Person.objects.filter(pk=speaker.pk).update(is_confirmed=False))
    assert_kept_facets_right(client)
    place = Place.objects.get(slug="belgorod-oblast")
    changed(lambda: Place.objects.filter(pk=place.pk).update(is_confirmed=False))
    assert_kept_facets_right(client)


def test_kept_facets_follow_a_place_moved_in_the_tree(
    client, archive, changed, curator
):
    oblast = Place.objects.get(slug="belgorod-oblast")
    elsewhere = Place.objects.filter(kind="country").exclude(slug="russia").first()
    demo_story = Update.objects.get(story__slug="russia-ukraine-war-live-updates").story

    def stories_of(place):
        return {row["value"] for row in facets(client, place=place)["story"]}

    assert demo_story.slug not in stories_of(elsewhere.slug)
    changed(lambda: move_place(oblast, parent=elsewhere, acting_user=curator))
    assert demo_story.slug in stories_of(elsewhere.slug)
    assert_kept_facets_right(client, ["russia", elsewhere.slug, "belgorod"])


def test_a_curator_and_any_other_filter_take_the_general_path(client, archive, curator):
    for params in ({"place": "russia", "q": "drone"}, {"person": "igor-girkin"}):
        with CaptureQueriesContext(connection) as queries:
            facets(client, **params)
        assert "items_facetcount" not in str(queries.captured_queries)
    client.force_login(curator)
    with CaptureQueriesContext(connection) as queries:
        facets(client, place="russia")
    assert "items_facetcount" not in str(queries.captured_queries)


def test_the_kept_path_reads_no_update_once_counted(client, archive):
    kept_facets.recount()
    with CaptureQueriesContext(connection) as queries:
        facets(client, place="russia")
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    assert "items_facetcount" in statements
    assert "items_update " not in statements and '"items_update"' not in statements


def test_a_long_queue_is_counted_a_batch_per_request(client, archive, changed):
    """A request does not wait for thousands of changes: it counts the oldest
    batch and answers the general way while more wait; a later one catches up."""
    kept_facets.recount()
    update = Update.objects.published().order_by("pk").first()
    batch = kept_facets.RECOUNT_IN_REQUEST
    FacetRecount.objects.bulk_create(
        FacetRecount(update_id=update.pk) for _ in range(batch + 1)
    )
    changed(lambda: Update.objects.filter(pk=update.pk).update(status="draft"))
    reads_counts = "FROM items_facetcount c"  # kept_facets.top()
    for still_waiting in (True, False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            archive_changed()
        with CaptureQueriesContext(connection) as queries:
            answer = facets(client)
        statements = " ".join(q["sql"] for q in queries.captured_queries)
        assert "facet_noted" in statements  # it counted a batch
        assert (reads_counts not in statements) == still_waiting
        assert FacetRecount.objects.exists() == still_waiting
        assert answer == facets(client, published_after=EVERYTHING)


def test_recounting_everything_changes_nothing(archive):
    kept_facets.recount()
    before = sorted(FacetCount.objects.filter(updates__gt=0).values_list())
    assert kept_facets.recount_all() == Update.objects.count()
    assert sorted(FacetCount.objects.filter(updates__gt=0).values_list()) == before


def test_a_loaded_dump_is_counted_by_the_load(client, archive, tmp_path, changed):
    """The load counts what it touched: no request waits for it afterwards."""
    import io

    from django.core.management import call_command

    path = tmp_path / "archive.jsonl"
    call_command("export", "-o", str(path))
    changed(lambda: Update.objects.all().delete())
    kept_facets.recount()
    assert not FacetCount.objects.filter(updates__gt=0).exists()
    changed(lambda: call_command("import_dump", str(path), stdout=io.StringIO()))
    assert not FacetRecount.objects.exists()
    assert_kept_facets_right(client, ["russia", "belgorod-oblast", "belgorod"])


def test_the_recount_command_takes_a_queue_a_request_left(client, archive, changed):
    import io

    from django.core.management import call_command

    kept_facets.recount()
    update = Update.objects.published().order_by("pk").first()
    changed(lambda: Update.objects.filter(pk=update.pk).update(status="draft"))
    out = io.StringIO()
    call_command("recount_facets", stdout=out)
    assert "of 1 updates" in out.getvalue()
    assert not FacetRecount.objects.exists()
    assert_kept_facets_right(client, ["russia"])
