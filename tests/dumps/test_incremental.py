"""Incremental dumps: last week's full dump and a week of changes give today's."""

import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from items.models import Event, EventActor, Quote, Story, Update
from items.services import save_update, set_update_status
from items.synthetic import generate_archive
from people.models import Affiliation, Alias, Organization, Person
from people.services import add_alias, merge_people
from places.models import Place
from places.services import merge_places
from tests.dumps.test_import import empty_the_archive
from tests.items.factories import (
    CreditFactory,
    MediaFactory,
    PersonMentionFactory,
    PlaceMentionFactory,
    QuoteFactory,
    UpdateFactory,
)
from tests.people.factories import AffiliationFactory, PersonFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def export(path, *args) -> bytes:
    call_command("export", "-o", str(path), *args)
    return path.read_bytes()


def load(path) -> str:
    out = io.StringIO()
    call_command("import_dump", str(path), stdout=out)
    return out.getvalue()


def header(dump: bytes) -> dict:
    return orjson.loads(dump.split(b"\n", 1)[0])


def body(dump: bytes) -> list[bytes]:
    """The records and the footer: all but the header's time and position."""
    return dump.splitlines()[1:]


def a_week_of_changes(curator) -> None:
    """Every kind of change a week brings: edits, publications, deletions,
    renames, merges, new records and parts, aliases added and removed."""
    updates = list(Update.objects.order_by("id"))
    edited, unpublished, deleted, requoted = (
        updates[0],
        updates[1],
        updates[2],
        updates[3],
    )
    edited.headline += " (updated)"
    save_update(edited, acting_user=curator)
    set_update_status(unpublished, status=Update.Status.DRAFT, acting_user=curator)
    draft = Update.objects.filter(status=Update.Status.DRAFT).exclude(pk=unpublished.pk)
    if draft.exists():
        set_update_status(draft.first(), status="published", acting_user=curator)
    deleted.delete()
    Quote.objects.filter(update=requoted).delete()
    QuoteFactory(update=requoted, person=Person.objects.order_by("id").first())

    persons = list(Person.objects.order_by("id"))
    renamed = persons[0]
    renamed.slug += "-renamed"
    renamed.save()
    merge_people(persons[1], duplicate=persons[2], acting_user=curator)
    add_alias(persons[3], name="A new name", acting_user=curator)
    Alias.objects.filter(person__isnull=False).exclude(
        person=persons[3]
    ).first().delete()

    places = list(Place.objects.exclude(parent=None).order_by("id"))
    moved_into = places[0]
    merge_places(moved_into, duplicate=places[1], acting_user=curator)
    places[2].slug += "-renamed"
    places[2].name += " (renamed)"
    places[2].save()
    new_place = PlaceFactory(parent=moved_into)

    organization = Organization.objects.order_by("id").first()
    organization.description = "Described this week."
    organization.save()

    story = Story.objects.order_by("id").first()
    story.slug += "-renamed"
    story.save()

    newcomer = PersonFactory(slug="a-newcomer")
    fresh = UpdateFactory(story=story, status=Update.Status.PUBLISHED)
    PersonMentionFactory(update=fresh, person=newcomer)
    PlaceMentionFactory(update=fresh, place=new_place)
    QuoteFactory(update=fresh, person=newcomer)
    CreditFactory(media=MediaFactory(update=fresh), person=newcomer, organization=None)

    AffiliationFactory(person=newcomer, organization=organization)
    Affiliation.objects.order_by("id").first().delete()

    event = Event.objects.order_by("id").first()
    if event is not None:
        event.title += " (revised)"
        event.save()
        EventActor.objects.create(event=event, person=newcomer, role="targeted")


@pytest.mark.parametrize(
    "status", [[], ["--status", "published"]], ids=["all", "public"]
)
def test_last_weeks_dump_and_the_changes_give_todays_dump(tmp_path, curator, status):
    generate_archive(updates=120, seed=8)
    last_week = export(tmp_path / "last-week.jsonl", *status)
    position = header(last_week)["position"]

    a_week_of_changes(curator)
    today = export(tmp_path / "today.jsonl", *status)
    changes = export(tmp_path / "changes.jsonl", "--since", position, *status)
    given = header(changes)
    assert given["since"] == position
    assert given["counts"]["renamed"] >= 2  # a person, a place, a story
    assert given["counts"]["deleted"] >= 3  # an update, a merged person, a place

    # Elsewhere: an archive holding last week's dump takes the changes.
    empty_the_archive()
    load(tmp_path / "last-week.jsonl")
    report = load(tmp_path / "changes.jsonl")
    assert "renamed:" in report and "deleted:" in report
    again = export(tmp_path / "again.jsonl", *status)
    assert body(again) == body(today)

    # Taken twice, the changes change nothing more.
    load(tmp_path / "changes.jsonl")
    assert body(export(tmp_path / "twice.jsonl", *status)) == body(today)


def download(api_client, **query) -> bytes:
    response = api_client.get("/api/v1/export/", query)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_a_data_user_keeps_in_sync_through_the_export_api(
    tmp_path, api_client, curator
):
    """The export's header gives a position; `?since=` it, the published
    changes, as `export --status published --since` writes them."""
    generate_archive(updates=80, seed=9)
    last_week = download(api_client)
    position = header(last_week)["position"]

    a_week_of_changes(curator)
    today = download(api_client)
    response = api_client.get("/api/v1/export/", {"since": position})
    assert response["Content-Disposition"].endswith('-changes.jsonl"')
    changes = b"".join(response.streaming_content)
    assert header(changes)["since"] == position
    assert header(changes)["counts"]["deleted"] >= 3
    written = export(
        tmp_path / "written.jsonl", "--since", position, "--status", "published"
    )
    assert body(changes) == body(written)

    empty_the_archive()
    (tmp_path / "last-week.jsonl").write_bytes(last_week)
    (tmp_path / "changes.jsonl").write_bytes(changes)
    load(tmp_path / "last-week.jsonl")
    load(tmp_path / "changes.jsonl")
    assert body(download(api_client)) == body(today)


@pytest.mark.parametrize(
    "query",
    [
        {"since": "yesterday"},
        {"since": "\uff11.\uff12"},
        {"since": "1.2", "person": "igor-girkin"},
    ],
)
def test_the_export_api_refuses_a_bad_since_naming_it(api_client, demo, query):
    response = api_client.get("/api/v1/export/", query)
    assert response.status_code == 400
    assert "since" in response.json()["errors"]


def test_the_next_incremental_starts_where_the_last_ended(tmp_path, demo, curator):
    first = export(tmp_path / "full.jsonl")
    update = Update.objects.order_by("id").first()
    update.headline = "Changed once"
    save_update(update, acting_user=curator)
    one = export(tmp_path / "one.jsonl", "--since", header(first)["position"])
    assert header(one)["counts"]["update"] == 1
    nothing = export(tmp_path / "none.jsonl", "--since", header(one)["position"])
    counts = header(nothing)["counts"]
    assert counts["update"] == counts["person"] == counts["deleted"] == 0


def test_an_update_given_again_keeps_its_quotes_tied_to_their_event(
    tmp_path, demo, curator
):
    """Its quotes are made again from its record, which does not name their
    event (the event names them): the ties the reader holds are kept."""
    tied = Quote.objects.filter(event__isnull=False)
    assert tied.exists()
    update = tied.first().update
    full = export(tmp_path / "full.jsonl")
    update.headline = "Edited, its quotes untouched"
    save_update(update, acting_user=curator)
    today = export(tmp_path / "today.jsonl")
    changes = export(tmp_path / "changes.jsonl", "--since", header(full)["position"])
    assert header(changes)["counts"]["event"] == 0  # only the update is given

    empty_the_archive()
    load(tmp_path / "full.jsonl")
    load(tmp_path / "changes.jsonl")
    assert body(export(tmp_path / "again.jsonl")) == body(today)


@pytest.mark.parametrize(
    "status", [[], ["--status", "published"]], ids=["all", "public"]
)
def test_slugs_taken_again_and_swapped(tmp_path, demo, curator, status):
    """A slug freed by a merge and given to a new person; two places' slugs
    swapped: the reader's records are never confused with each other."""
    full = export(tmp_path / "full.jsonl", *status)
    keep, duplicate = Person.objects.order_by("id")[:2]
    freed = duplicate.slug
    merge_people(keep, duplicate=duplicate, acting_user=curator)
    newcomer = PersonFactory(slug=freed, name="Another holder")
    PersonMentionFactory(update=Update.objects.published().first(), person=newcomer)
    first, second = Place.objects.exclude(parent=None).order_by("id")[:2]
    first_slug, second_slug = first.slug, second.slug
    first.slug = "for-a-moment"
    first.save()
    second.slug, first.slug = first_slug, second_slug
    second.save()
    first.save()
    today = export(tmp_path / "today.jsonl", *status)
    changes = export(
        tmp_path / "changes.jsonl", "--since", header(full)["position"], *status
    )

    # The merged person steps aside, and both places: each takes the other's.
    assert header(changes)["counts"]["renamed"] == 5

    empty_the_archive()
    load(tmp_path / "full.jsonl")
    load(tmp_path / "changes.jsonl")
    assert body(export(tmp_path / "again.jsonl", *status)) == body(today)
    assert Person.objects.get(slug=freed).name == "Another holder"


def test_since_a_time(tmp_path, demo, curator):
    """A time stands for the position of the first change at or after it."""
    from changes.models import Change

    Change.objects.update(at="2020-01-01T00:00:00Z")  # all noted long ago
    update = Update.objects.order_by("id").first()
    update.headline = "Changed since"
    save_update(update, acting_user=curator)
    dump = export(tmp_path / "since.jsonl", "--since", "2021-01-01")
    counts = header(dump)["counts"]
    assert (counts["update"], counts["person"], counts["place"]) == (1, 0, 0)
    assert b"Changed since" in dump


def test_a_public_incremental_never_names_a_draft(tmp_path, demo, curator):
    public = export(tmp_path / "public.jsonl", "--status", "published")
    draft = UpdateFactory(headline="Not yet")
    draft.headline = "Still not yet"
    save_update(draft, acting_user=curator)
    draft.delete()
    changes = export(
        tmp_path / "changes.jsonl",
        "--since",
        header(public)["position"],
        "--status",
        "published",
    )
    assert str(draft.uid).encode() not in changes
    assert header(changes)["counts"]["deleted"] == 0


@pytest.mark.parametrize(
    "args, named",
    [
        (["--since", "yesterday"], "--since"),
        (["--since", "1.2", "--person", "x"], "--since"),
        (["--since", "1.2", "--format", "ninjs"], "--since"),
        (["--since", "1.2", "--format", "parquet"], "--since"),
        (["--since", ""], "--since"),
    ],
)
def test_bad_since_is_a_clear_error(tmp_path, db, args, named):
    with pytest.raises(CommandError, match=named):
        call_command("export", "-o", str(tmp_path / "x.jsonl"), *args)
