"""The same q finds the same records on SQLite and PostgreSQL.

One run sees one database, so each run compares its database with a reference
computed here from the generated texts: the query as items.search.parse() reads
it (test_search_syntax.py holds that reading to PostgreSQL's own), evaluated over
the texts' words with PostgreSQL's stemmer (Snowball English) and stop words.
"""

import re

import pytest
import snowballstemmer

from items.models import Media, Quote, Update
from items.search import STOP_WORDS, Term, parse
from items.synthetic import generate_archive

pytestmark = pytest.mark.django_db

STEMMER = snowballstemmer.stemmer("english")

# Each operator, alone and together, in the generator's vocabulary (items.synthetic
# WORDS), with inflected forms, stop words and characters that are FTS5 syntax.
QUERIES = [
    "drone",
    "drones",
    "striking",
    "reported officials",
    "drone strike",
    "drone AND bridge",
    "drone NOT bridge",
    "drone -bridge",
    "-bridge",
    "-bridge -convoy",
    "drone OR bridge",
    "convoy or evacuation",
    "convoy evacuation or bridge aid",
    "convoy or -drone",
    "convoy -drone or bridge aid -strike",
    '"drone strike"',
    '"strike drone"',
    '"front line artillery"',
    '"drone strike" OR "bridge convoy"',
    'convoy -"front line"',
    '-"drone strike"',
    '"drone strike',
    "the drone",
    '"the convoy"',
    "convoy or",
    "or convoy",
    "convoy -",
    "convoy* ^aid",
    "convoy:aid",
    "(convoy OR aid) NEAR",
    "the",
    "nothing",
]


def stems(text: str) -> list[str | None]:
    """The words of `text` in order, stemmed; None where a stop word stands."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [None if w in STOP_WORDS else STEMMER.stemWord(w) for w in words]


def term_holds(term: Term, document: list[str | None]) -> bool | None:
    """Whether `term` is in `document`; None for a term of stop words only."""
    words = term.words
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
    if not words:
        return None
    wanted = [None if w in STOP_WORDS else STEMMER.stemWord(w) for w in words]
    return any(
        all(
            want is None or document[start + i] == want for i, want in enumerate(wanted)
        )
        for start in range(len(document) - len(wanted) + 1)
    )


def expected(query: str, documents: dict[int, list[str | None]]) -> set[int]:
    alternatives = parse(query)

    def holds(document) -> bool:
        for terms in alternatives:
            found = [(term, term_holds(term, document)) for term in terms]
            found = [(term, hit) for term, hit in found if hit is not None]
            if found and all(hit != term.negated for term, hit in found):
                return True
        return False

    return {pk for pk, document in documents.items() if holds(document)}


@pytest.fixture
def archive():
    """Each record's words, stemmed, as the database's search document holds them."""
    generate_archive(updates=300, seed=13)
    quotes = {}
    for quote in Quote.objects.order_by("id"):
        quotes.setdefault(quote.update_id, []).append(quote.text)
    return {
        Update: {
            u.pk: stems(
                " ".join([u.headline, u.summary, u.body, *quotes.get(u.pk, [])])
            )
            for u in Update.objects.all()
        },
        Quote: {q.pk: stems(q.text) for q in Quote.objects.all()},
        Media: {
            m.pk: stems(f"{m.caption} {m.credit_line}") for m in Media.objects.all()
        },
    }


@pytest.mark.parametrize("model", [Update, Quote, Media], ids=lambda m: m.__name__)
def test_each_query_finds_what_the_reference_finds(archive, model):
    documents = archive[model]
    for query in QUERIES:
        found = set(model.objects.matching(query).values_list("pk", flat=True))
        assert found == expected(query, documents), query


def test_the_queries_tell_records_apart(archive):
    """Each operator changes what is found: a reference that found everything or
    nothing would prove little."""
    quotes = archive[Quote]

    def size(query):
        return len(expected(query, quotes))

    assert 0 < size("drone -bridge") < size("drone") < len(quotes)
    assert size("-bridge") == len(quotes) - size("bridge")
    assert size("drone strike") > size('"drone strike"') > 0
    updates = archive[Update]
    assert (
        0
        < len(expected('"drone strike" -"strike drone"', updates))
        < len(expected('"drone strike"', updates))
    )
    assert size("drone OR bridge") > size("drone")
    assert size("drones") == size("drone")
    assert size("the") == size("nothing") == 0
