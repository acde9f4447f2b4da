import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from items.models import Media, Quote, Update
from items.synthetic import generate_archive

from ..people.factories import OrganizationFactory
from .factories import ContributionFactory, MediaFactory, QuoteFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def matching(text):
    return set(Update.objects.matching(text))


def test_matching_finds_words_in_headline_body_and_quotes():
    in_headline = UpdateFactory(headline="Drone strikes on Belgorod")
    in_body = UpdateFactory(body="The governor reported a gas pipeline fire.")
    in_quote = QuoteFactory(text="Russian propaganda was in denial").update
    UpdateFactory(headline="Grain talks", body="Nothing about it.")
    assert matching("drone strike") == {in_headline}  # stemmed: strikes ~ strike
    assert matching("pipeline") == {in_body}
    assert matching("propaganda denial") == {in_quote}
    assert matching("pipeline propaganda") == set()  # every word must match
    assert matching("!!!") == set()


def test_matching_follows_edits_and_deletions():
    update = UpdateFactory(headline="Shelling in Kharkiv")
    update.headline = "Shelling in Sumy"
    update.save()
    assert matching("kharkiv") == set()
    assert matching("sumy") == {update}
    quote = QuoteFactory(update=update, text="The night was not calm")
    assert matching("calm") == {update}
    quote.delete()
    assert matching("calm") == set()


def test_an_update_is_found_by_its_public_quotes_only(api_client):
    """A quote the public may not see (unconfirmed, or by an unconfirmed
    speaker) gives its update none of its words, until it is confirmed; and a
    speaker unconfirmed again takes them back (issue 13's audit found hidden
    quotes' words through /updates/, /contributions/ and /export/ ?q=)."""
    update = UpdateFactory(status=Update.Status.PUBLISHED, body="Talks in Istanbul")
    ContributionFactory(update=update)
    hidden = QuoteFactory(update=update, text="zebrafinch words", is_confirmed=False)
    speaker = QuoteFactory(
        update=update, text="kestrel words", person__is_confirmed=False
    )
    group = QuoteFactory(
        update=update,
        text="osprey words",
        person=None,
        organization=OrganizationFactory(is_confirmed=False),
    )
    for word in ("zebrafinch", "kestrel", "osprey"):
        assert matching(word) == set(), word
        for resource in ("updates", "contributions", "quotes"):
            response = api_client.get(f"/api/v1/{resource}/", {"q": word})
            assert ids(response) == [], (resource, word)
        export = api_client.get("/api/v1/export/", {"q": word})
        footer = b"".join(export.streaming_content).splitlines()[-1]
        assert json.loads(footer)["records"] == 0, word

    hidden.is_confirmed = True
    hidden.save()
    speaker.person.is_confirmed = True
    speaker.person.save()
    group.organization.is_confirmed = True
    group.organization.save()
    for word in ("zebrafinch", "kestrel", "osprey"):
        assert matching(word) == {update}, word
        response = api_client.get("/api/v1/updates/", {"q": word})
        assert ids(response) == [update.pk], word
    speaker.person.is_confirmed = False
    speaker.person.save()
    assert matching("kestrel") == set()
    assert matching("zebrafinch osprey") == {update}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_q_filter_in_the_api(api_client):
    found = UpdateFactory(
        status=Update.Status.PUBLISHED, body="Evacuation of Shebekino"
    )
    UpdateFactory(status=Update.Status.PUBLISHED, body="Talks in Istanbul")
    response = api_client.get("/api/v1/updates/", {"q": "shebekino evacuation"})
    assert ids(response) == [found.pk]


def test_quotes_match_by_their_own_words(api_client):
    """Not every quote of a matching update: the quote's text must match."""
    update = UpdateFactory(
        status=Update.Status.PUBLISHED, body="Drones over Belgorod overnight"
    )
    spoken = QuoteFactory(update=update, text="The drones came from the north")
    QuoteFactory(update=update, text="We will rebuild the school")
    elsewhere = QuoteFactory(
        update=UpdateFactory(status=Update.Status.PUBLISHED),
        text="A drone hit the roof",
    )
    QuoteFactory(update=UpdateFactory(), text="A drone, in a draft")
    response = api_client.get("/api/v1/quotes/", {"q": "drone"})
    assert ids(response) == [elsewhere.pk, spoken.pk]
    response = api_client.get("/api/v1/quotes/", {"q": "drone -roof"})
    assert ids(response) == [spoken.pk]
    assert ids(api_client.get("/api/v1/quotes/", {"q": "belgorod"})) == []


def test_media_match_by_caption_and_credit_line(api_client):
    update = UpdateFactory(status=Update.Status.PUBLISHED, body="Shelling of Kharkiv")
    by_caption = MediaFactory(update=update, caption="A crater in Kharkiv")
    by_credit = MediaFactory(
        update=update, caption="A street", credit_line="Kharkiv regional police"
    )
    MediaFactory(update=update, caption="Firefighters at work")
    response = api_client.get("/api/v1/media/", {"q": "kharkiv"})
    assert ids(response) == [by_credit.pk, by_caption.pk]
    response = api_client.get("/api/v1/media/", {"q": '"regional police"'})
    assert ids(response) == [by_credit.pk]


def test_contributions_match_through_their_update(api_client):
    found = ContributionFactory(
        update=UpdateFactory(status=Update.Status.PUBLISHED, body="Grain corridor")
    )
    ContributionFactory(
        update=UpdateFactory(status=Update.Status.PUBLISHED, body="Power cuts")
    )
    response = api_client.get("/api/v1/contributions/", {"q": "grain"})
    assert ids(response) == [found.pk]


def test_quote_and_media_search_follows_edits_and_deletions():
    quote = QuoteFactory(text="Shelling in Kharkiv")
    media = MediaFactory(caption="Shelling in Kharkiv")
    assert set(Quote.objects.matching("kharkiv")) == {quote}
    assert set(Media.objects.matching("kharkiv")) == {media}
    quote.text = "Shelling in Sumy"
    quote.save()
    media.credit_line = "Sumy regional administration"
    media.save()
    assert set(Quote.objects.matching("kharkiv")) == set()
    assert set(Quote.objects.matching("sumy")) == {quote}
    assert set(Media.objects.matching("sumy administration")) == {media}
    quote.delete()
    media.delete()
    assert set(Quote.objects.matching("sumy")) == set()
    assert set(Media.objects.matching("sumy")) == set()


@pytest.mark.parametrize("resource", ["quotes", "media", "contributions"])
def test_search_query_count_does_not_grow_with_rows(api_client, resource):
    def count(total: int) -> int:
        for _ in range(total - Update.objects.count()):
            update = UpdateFactory(
                status=Update.Status.PUBLISHED, body="Drones over Kursk"
            )
            QuoteFactory(update=update, text="The drones flew low")
            MediaFactory(update=update, caption="Drones at dawn")
            ContributionFactory(update=update)
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/{resource}/", {"q": "drone"})
        assert len(ids(response)) == total
        return len(queries)

    assert count(2) == count(20)


def test_search_uses_the_gin_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's; SQLite uses its FTS5 table")
    UpdateFactory()
    with connection.cursor() as cursor:
        # On a tiny table the planner may walk the date index instead; with plain
        # scans off, only an index that serves the condition can answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = Update.objects.matching("drone").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "items_update_search_document" in plan


def test_a_rare_word_is_found_through_the_gin_indexes():
    """The API's page queries, on tables large enough for the planner to choose."""
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's; SQLite uses its FTS5 tables")
    generate_archive(updates=3000, seed=1)  # ends with ANALYZE
    for model, index in [
        (Quote, "items_quote_search_document"),
        (Media, "items_media_search_document"),
    ]:
        with connection.cursor() as cursor:
            # Rows just written wait in the GIN index's pending list, which
            # makes it look dear, until autovacuum (or this) moves them in.
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        page = model.objects.visible_to(AnonymousUser()).matching("Haraov")
        sql, params = page.order_by("-id")[:101].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"Bitmap Index Scan on {index}" in plan, plan
