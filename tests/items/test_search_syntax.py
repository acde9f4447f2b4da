"""The q syntax: read once in Python, the same way PostgreSQL reads it."""

import random

import pytest
from django.db import DatabaseError, connection, transaction

from items.models import Media, Quote, Update
from items.search import MAX_WORDS, QueryTooLong, Term, fts5_condition, parse

from .factories import MediaFactory, QuoteFactory, UpdateFactory

# Queries in the documented syntax and around its edges: stop words, OR at either
# end, a lone minus, unbalanced quotes, FTS5's and tsquery's own operators.
QUERIES = [
    "drone",
    "drone -bridge",
    "drone OR bridge",
    "drone or bridge strike",
    "-bridge",
    "-drone -bridge",
    "--drone",
    "-" * 40 + "drone",
    "- " * 40 + "drone",
    '"drone strike"',
    '"drone strike" or bridge -"front line"',
    '"drone strike',
    'drone "strike',
    'drone"strike"',
    '-"drone strike"',
    '"drone of the strike"',
    '"the drone"',
    '""',
    '"',
    "the",
    "the drone",
    "a b or c",
    "or drone",
    "drone or",
    "OR",
    "or or drone or or bridge",
    "drone or -bridge",
    "drone -",
    "-",
    "drone - bridge",
    "drone -the",
    "drone -or bridge",
    "drone (or bridge",
    "drone!or bridge",
    "drone:or bridge",
    "drone: or bridge",
    ":-drone",
    "drone*",
    "drone:*",
    "drone^",
    "^drone",
    "drone NEAR bridge",
    "NEAR(drone bridge)",
    "drone AND bridge",
    "drone NOT bridge",
    "drone & bridge | strike",
    "!drone",
    "(drone or bridge) strike",
    "drone <-> bridge",
    "drone,bridge",
    "drone_bridge",
    "drone's",
    "Kyiv\u2019s drones",
    "x-ray",
    "-x-ray",
    "drone\\bridge",
    'drone\\"bridge',
    "naïve café",
    "drone orbridge",
    "drone or-bridge",
    "drone or1 bridge",
    "drone\tor\nbridge",
    "!!!",
    "",
]


def test_operators():
    assert parse("drone strike") == [[Term("drone"), Term("strike")]]
    assert parse('drone -"front line" OR bridge') == [
        [Term("drone"), Term("front line", quoted=True, negated=True)],
        [Term("bridge")],
    ]
    assert parse("--drone") == [[Term("drone")]]  # two minuses cancel
    assert parse("drone or") == [[Term("drone"), Term("or")]]  # a word at the end
    assert parse("!!! ...") == []


def test_fts5_expressions_quote_every_word():
    def match(text):
        condition = fts5_condition(parse(text), "items_update")
        return [child[1].params[0] for child in condition.children]

    assert match("drone -bridge") == ['("drone") NOT ("bridge")']
    assert match('"drone strike" OR bridge NEAR') == [
        '("drone strike") OR ("bridge" AND "near")'
    ]
    assert match("drone* AND ^bridge:x") == ['("drone" AND "bridge" AND "x")']
    # Stop words are left out, from a phrase's ends too; FTS5 knows none.
    assert match('the "of drone the" -a') == ['("drone")']


def test_too_many_words_are_refused():
    assert len(parse(" ".join(["drone"] * MAX_WORDS))[0]) == MAX_WORDS
    with pytest.raises(QueryTooLong):
        parse('"' + "drone " * (MAX_WORDS + 1))


@pytest.mark.django_db
def test_no_query_is_a_server_error(api_client, settings):
    settings.API_RATES = {**settings.API_RATES, "export": "100000/hour"}
    update = UpdateFactory(status=Update.Status.PUBLISHED, body="Drone strike")
    QuoteFactory(update=update, text="A drone strike")
    MediaFactory(update=update, caption="After the drone strike")
    for resource in ("updates", "quotes", "media", "contributions", "export"):
        for query in [*QUERIES, "drone " * 10_000, "-" * 10_000, "or " * 5_000]:
            response = api_client.get(f"/api/v1/{resource}/", {"q": query})
            if response.streaming:  # the export: its queries run as it streams
                b"".join(response.streaming_content)
            assert response.status_code in (200, 400), (resource, query)
    response = api_client.get("/api/v1/quotes/", {"q": "drone " * 101})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Update, Quote, Media])
def test_only_exclusions_match_everything_else(model):
    """As on PostgreSQL: -bridge is every record without bridge."""
    UpdateFactory(headline="Drone", body="Bridge")
    update = UpdateFactory(headline="Drone", body="Convoy")
    QuoteFactory(update=update, text="A drone over the bridge")
    MediaFactory(update=update, caption="A bridge", credit_line="Drone pictures")
    QuoteFactory(update=update, text="A convoy")
    MediaFactory(update=update, caption="A convoy")
    without = set(model.objects.exclude(pk__in=model.objects.matching("bridge")))
    assert set(model.objects.matching("-bridge")) == without
    assert set(model.objects.matching("-bridge or -drone")) == set(
        model.objects.exclude(pk__in=model.objects.matching("bridge drone"))
    )


def random_queries(count: int) -> list[str]:
    pieces = [
        *("drone", "bridge", "x-ray", "the", "of", "near", "and", "not", "3.5"),
        *("or", "OR", "Or", "or-", "-or", "or_", "or1", "é", "\u2019", "u.s."),
        *("-", "-", '"', '"', " ", " ", " ", "\t", "!", "(", ")", ":", "*", "^"),
        *(",", "'", "&", "|", "<", ">", "_", ".", "\\", "@", "/", "—"),
    ]
    rng = random.Random(13)
    return [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        for _ in range(count)
    ]


@pytest.mark.django_db
def test_postgresql_reads_the_rebuilt_query_as_the_original():
    """websearch_to_tsquery() gives the same tsquery for the text parse() rebuilt.

    Up to pairs of NOTs, which parse() cancels (PostgreSQL fails on more than
    32 in a row). PostgreSQL makes words of some
    punctuation ('..', '/_'); parse() does not, and such queries are left out.
    """
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own reading of the syntax")
    from items.search import websearch_text

    def tsquery(text: str) -> str:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", [text])
            found = cursor.fetchone()[0]
        while "!!" in found:
            found = found.replace("!!", "")
        # Parentheses only group a NOT's operand in these trees (OR of ANDs),
        # and stay behind where a pair of NOTs went.
        return found.replace("( ", "").replace(" )", "")

    compared = 0
    for query in QUERIES + random_queries(3000):
        try:
            original = tsquery(query)
        except DatabaseError:  # "tsquery stack too small" for many minus signs
            original = tsquery(query.replace("-", ""))
        if any(not any(c.isalnum() for c in lexeme) for lexeme in lexemes(original)):
            continue
        assert tsquery(websearch_text(parse(query))) == original, query
        compared += 1
    assert compared > 2500


def lexemes(tsquery: str) -> list[str]:
    return tsquery.split("'")[1::2]
