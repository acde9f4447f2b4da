"""The change feed: /api/v1/changes/ lists public records' changes in order."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from changes.models import Change
from items.models import Update
from items.services import save_update, set_update_status
from people.services import merge_people
from tests.items.factories import QuoteFactory, UpdateFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"


def feed(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content
    return response.json()


def listed(body) -> list[tuple]:
    return [
        (e["type"], e.get("slug") or e.get("uid"), e["action"]) for e in body["results"]
    ]


def test_an_update_published_edited_and_unpublished(client, curator):
    update = UpdateFactory(headline="Drones over Belgorod")
    update.headline = "Drones over Belgorod, again"
    save_update(update, acting_user=curator)
    # A draft is not public: its creation and its edit list nothing.
    assert listed(feed(client)) == []

    update = set_update_status(
        update, status=Update.Status.PUBLISHED, acting_user=curator
    )
    speaker = PersonFactory(slug="the-speaker")
    first = feed(client)
    uid = str(update.uid)
    # Published, the update appears as created, and its story with it.
    assert listed(first) == [
        ("update", uid, "created"),
        ("story", update.story.slug, "created"),
        ("person", "the-speaker", "created"),
    ]
    entry = first["results"][0]
    assert entry["id"] == update.pk
    assert entry["at"].endswith("Z")  # as every time the API writes
    assert entry["url"].endswith(f"/api/v1/updates/{update.pk}/")

    update.headline = "Drones over Belgorod: two injured"
    save_update(update, acting_user=curator)
    QuoteFactory(update=update, person=speaker)
    second = feed(client, since=first["since"])
    # The edit and the new quote are one change to the update.
    assert listed(second) == [("update", uid, "changed")]

    set_update_status(update, status=Update.Status.DRAFT, acting_user=curator)
    third = feed(client, since=second["since"])
    assert listed(third) == [
        ("update", uid, "deleted"),
        ("story", update.story.slug, "deleted"),
    ]
    assert third["results"][0]["url"] is None
    # Nothing more past the last position; the next link asks from there.
    assert feed(client, since=third["since"])["results"] == []
    assert f"since={third['since']}" in third["next"]


def test_a_proposal_confirmed_appears_and_a_merge_names_the_record_kept(
    client, curator
):
    proposed = PersonFactory(
        name="Igor Strelkov", slug="igor-strelkov", is_confirmed=False
    )
    kept = PersonFactory(name="Igor Girkin", slug="igor-girkin")
    start = feed(client)
    assert listed(start) == [("person", "igor-girkin", "created")]

    proposed.is_confirmed = True
    proposed.save()
    merge_people(kept, duplicate=proposed, acting_user=curator)
    body = feed(client, since=start["since"])
    assert listed(body) == [
        ("person", "igor-strelkov", "created"),
        # The merge gave the kept record an alias: a change to it.
        ("person", "igor-girkin", "changed"),
        ("person", "igor-strelkov", "merged"),
    ]
    merged = body["results"][-1]
    assert merged["into"] == "igor-girkin"
    assert merged["url"].endswith("/api/v1/persons/igor-girkin/")


def test_a_rename_names_the_slug_it_had(client):
    person = PersonFactory(slug="dmitry-peskov")
    start = feed(client)
    person.slug = "dmitry-s-peskov"
    person.save()
    person.name += " (edited)"
    person.save()
    (entry,) = feed(client, since=start["since"])["results"]
    assert (entry["slug"], entry["action"], entry["was"]) == (
        "dmitry-s-peskov",
        "changed",
        "dmitry-peskov",
    )
    person.name += " again"
    person.save()
    (entry,) = feed(client, since=entry["position"])["results"]
    assert "was" not in entry  # its slug did not change this time


def test_pages_follow_each_other_without_loss_or_repeat(client):
    people = [PersonFactory() for _ in range(7)]
    seen, since = [], ""
    for _ in range(10):
        body = (
            feed(client, since=since, page_size=3)
            if since
            else feed(client, page_size=3)
        )
        if not body["results"]:
            break
        assert len(body["results"]) <= 3
        seen += [entry["slug"] for entry in body["results"]]
        since = body["since"]
    assert seen == [person.slug for person in people]


def test_a_page_costs_the_same_queries_whatever_its_size(client):
    for _ in range(30):
        PersonFactory()
    counts = []
    for size in (1, 30):
        with CaptureQueriesContext(connection) as queries:
            body = feed(client, page_size=size)
        assert len(body["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_since_a_time(client):
    early = PersonFactory()
    Change.objects.filter(key=early.slug).update(at="2020-01-01T00:00:00Z")
    late = PersonFactory()
    body = feed(client, since="2021-01-01")
    assert [entry["slug"] for entry in body["results"]] == [late.slug]


@pytest.mark.parametrize(
    "params, named",
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "12.x"}, "since"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "5000"}, "page_size"),
        ({"cursor": "abc"}, "cursor"),
        ({"format": "csv"}, "format"),
        ({"since": "\uff11.\uff12"}, "since"),  # digits, but not ASCII ones
    ],
)
def test_bad_parameters_are_400s_that_name_them(client, params, named):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert named in response.json()["errors"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one transaction at a time"
)
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_late_is_not_skipped(client):
    """A transaction that began first but commits last: the feed waits for it
    rather than moving past it."""
    slow = _connect(connection.settings_dict["NAME"])
    try:
        with slow.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()")  # it begins, first
        late = PersonFactory()  # committed now, by a later transaction
        body = feed(client)
        # Not yet: the later transaction's change waits for the earlier one.
        assert late.slug not in [entry["slug"] for entry in body["results"]]
        with slow.cursor() as cursor:
            cursor.execute(
                "INSERT INTO changes_change (kind, record_id, key, previous_key,"
                " resource, resource_id, history_type, own, public, merged_into, at)"
                " VALUES ('person', %s, 'early', '', 'person', %s, '+', true,"
                " true, '', now())",
                [late.pk + 1000, late.pk + 1000],
            )
        slow.commit()
        again = feed(client, since=body["since"])
        assert [entry["slug"] for entry in again["results"]] == ["early", late.slug]
    finally:
        slow.close()


def _connect(dbname):
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=dbname,
        password=settings["PASSWORD"] or None,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one transaction at a time"
)
@pytest.mark.django_db(transaction=True)
def test_a_transaction_in_another_database_does_not_hold_the_feed(client):
    """Transaction ids are the server's: one left open in another database
    (another archive, another test process) can write no change here, and the
    feed does not wait for it."""
    elsewhere = _connect("postgres")
    try:
        with elsewhere.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()")  # it begins, first
        person = PersonFactory()  # committed now, by a later transaction
        assert person.slug in [entry["slug"] for entry in feed(client)["results"]]
    finally:
        elsewhere.close()


def test_a_change_in_a_transaction_rolled_back_is_never_listed(client):
    start = feed(client)
    try:
        with transaction.atomic():
            PersonFactory(slug="never")
            raise RuntimeError
    except RuntimeError:
        pass
    assert feed(client, since=start["since"])["results"] == []
