import pytest
from django.db import connection

from items.models import Update

from .factories import QuoteFactory, UpdateFactory

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


def test_q_filter_in_the_api(api_client):
    found = UpdateFactory(
        status=Update.Status.PUBLISHED, body="Evacuation of Shebekino"
    )
    UpdateFactory(status=Update.Status.PUBLISHED, body="Talks in Istanbul")
    response = api_client.get("/api/v1/updates/", {"q": "shebekino evacuation"})
    assert [row["id"] for row in response.json()["results"]] == [found.pk]
    quote = QuoteFactory(update=found)
    response = api_client.get("/api/v1/quotes/", {"q": "shebekino"})
    assert [row["id"] for row in response.json()["results"]] == [quote.pk]


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
