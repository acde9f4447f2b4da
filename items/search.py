"""Full-text search of updates, quotes and media, the same on both databases.

The syntax is web-search style, as PostgreSQL's websearch_to_tsquery reads it:
words are all required, "a phrase" is words in that order, OR between words or
phrases offers alternatives, and -word or -"a phrase" excludes. AND binds tighter
than OR ("drone strike or shelling" is (drone and strike) or shelling), and
every other character is punctuation. English words are stemmed (strikes finds
strike) and English stop words (the, of, or) are left out.

parse() reads a query once, here, for both databases:
- PostgreSQL gets it back as websearch_to_tsquery() text, each word or phrase as
  written, over a `search_document` tsvector column of the table (migrations
  0004 and 0010) with a GIN index. The text is rebuilt because PostgreSQL fails
  on some inputs (more than 32 minus signs in a row; many thousands of words);
  rebuilt, it reads the same (tests/items/test_search_syntax.py).
- SQLite gets an FTS5 MATCH expression over the table's FTS5 table
  (`<table>_fts`, one `document` column holding the same text as PostgreSQL's
  vector), each word inside double quotes so no user text is FTS5 syntax.
  FTS5 has no stop words and no unary NOT, so stop words are dropped here and an
  alternative made only of exclusions becomes NOT IN.

What still differs (the filters' help text says so too):
- Stemming: PostgreSQL uses Snowball's English stemmer, FTS5 the original
  Porter one. They agree on ordinary inflections (drones, striking, reported);
  a few rarer forms are grouped differently.
- A stop word inside a phrase: PostgreSQL lets any word stand in its place
  ("drone of the bridge" finds "drone over a bridge"), SQLite only that word.
- Words joined by punctuation: PostgreSQL keeps hyphenated words whole as well
  (drone-strike finds "drone-strike" only; SQLite also "drone strike"), and
  reads U.S., 3.5 and addresses as single words. Punctuation alone is never a
  word here, where PostgreSQL makes words of a few runs of it ("..").
"""

import re
from dataclasses import dataclass

from django.db import connections, models
from django.db.models.expressions import Col, RawSQL

CONFIG = "english"

# More than this many words is refused: PostgreSQL's parser recurses once per word
# and fails on some tens of thousands.
MAX_WORDS = 100

# PostgreSQL's english.stop (share/tsearch_data), which its english configuration
# drops from texts and queries alike.
ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be been
    being have has had having do does did doing a an the and but if or because as
    until while of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(ENGLISH_STOP.split())

# PostgreSQL's tsquery operators: skipped between operands, and they end a word.
SKIPPED = frozenset("!&|()<")
WORD = re.compile(r"[^\W_]+")
NOT_SPACE = re.compile(r"\S")


class QueryTooLong(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    """One operand of a query: a word as written, or a quoted phrase's text.

    Punctuation inside a word makes it a phrase of its parts (drone,strike).
    """

    text: str
    quoted: bool = False
    negated: bool = False

    @property
    def words(self) -> list[str]:
        return WORD.findall(self.text.lower())

    def websearch(self) -> str:
        # A bare "or" after another word would read as the operator.
        quoted = self.quoted or self.text.lower() == "or"
        written = f'"{self.text}"' if quoted else self.text
        return "-" + written if self.negated else written

    def fts5(self) -> str | None:
        """The term as an FTS5 phrase without its outer stop words, or None."""
        words = self.words
        while words and words[0] in STOP_WORDS:
            words.pop(0)
        while words and words[-1] in STOP_WORDS:
            words.pop()
        return '"' + " ".join(words) + '"' if words else None


# Alternatives (OR), each a list of terms that must all hold.
Query = list[list[Term]]


def parse(text: str) -> Query:
    """`text` as alternatives of terms, read as websearch_to_tsquery reads it.

    A term with no letter or digit is left out, as PostgreSQL finds no word in it.
    """
    alternatives: Query = [[]]
    negations = 0
    expecting_operand = True
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if expecting_operand:
            if char == "-":
                negations += 1
                position += 1
                continue
            if char.isspace() or char in SKIPPED:
                position += 1
                continue
            if char == '"':
                close = text.find('"', position + 1)
                close = end if close == -1 else close
                term = Term(text[position + 1 : close], quoted=True)
                position = close + 1
            else:
                # A colon ends a word (a weight or position in tsquery syntax),
                # though one may start with it.
                start, position = position, position + 1
                while position < end and not _ends_word(text[position]):
                    position += 1
                term = Term(text[start:position])
            if term.words:
                negated = negations % 2 == 1
                alternatives[-1].append(Term(term.text, term.quoted, negated))
            negations = 0
            expecting_operand = False
        elif char.isspace() or char in SKIPPED:
            position += 1
        elif (after := _or_operator(text, position)) is not None:
            alternatives.append([])
            position = after
            expecting_operand = True
        else:
            # Anything else after an operand starts the next one, ANDed.
            expecting_operand = True
    query = [terms for terms in alternatives if terms]
    if sum(len(term.words) for terms in query for term in terms) > MAX_WORDS:
        raise QueryTooLong(f"At most {MAX_WORDS} words.")
    return query


def _ends_word(char: str) -> bool:
    return char.isspace() or char in '":' or char in SKIPPED


def _or_operator(text: str, position: int) -> int | None:
    """Where the operand after an OR at `position` may start, if one is there.

    As PostgreSQL: "or" in any case, not followed by a letter, digit, - or _, with
    something other than space after it.
    """
    if text[position : position + 2].lower() != "or":
        return None
    following = text[position + 2 : position + 3]
    if not following or following.isalnum() or following in "-_":
        return None
    if not NOT_SPACE.search(text, position + 3):
        return None
    return position + 2


def websearch_text(query: Query) -> str:
    """`query` as websearch_to_tsquery() text that PostgreSQL reads as parse() did."""
    return " or ".join(" ".join(term.websearch() for term in terms) for terms in query)


def fts5_condition(query: Query, table: str) -> models.Q:
    """Rows of `table` matching `query` through its FTS5 table."""

    def matching(expression: str) -> models.Q:
        return models.Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s",
                [expression],
            )
        )

    matched, excluded_only = [], []
    for terms in query:
        required = [p for t in terms if not t.negated if (p := t.fts5())]
        excluded = [p for t in terms if t.negated if (p := t.fts5())]
        if required:
            expression = "(" + " AND ".join(required) + ")"
            if excluded:
                expression += " NOT (" + " OR ".join(excluded) + ")"
            matched.append(expression)
        elif excluded:
            excluded_only.append(" OR ".join(excluded))
    conditions = []
    if matched:
        conditions.append(matching(" OR ".join(matched)))
    conditions += [~matching(expression) for expression in excluded_only]
    if not conditions:
        return models.Q(pk__in=[])
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return condition


# The stored tsvector column that migrations add to each searchable table;
# Django's models do not know it (STYLE §7: no PostgreSQL-only fields).
SEARCH_DOCUMENT = models.Field()
SEARCH_DOCUMENT.set_attributes_from_name("search_document")


class StoredDocument(models.Expression):
    """The `search_document` column of the table being queried (PostgreSQL).

    Resolved as a column of the query's own table, so it follows the table's alias
    when the query becomes a subquery (a raw "items_update.search_document" then
    named the outer query's table, or none).
    """

    def resolve_expression(self, query=None, *args, **kwargs):
        return Col(query.get_initial_alias(), SEARCH_DOCUMENT)


class WebSearchMatch(models.Expression):
    """`document @@ websearch_to_tsquery(config, text)`."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, document, text: str):
        super().__init__()
        self.document, self.text = document, text

    def get_source_expressions(self):
        return [self.document]

    def set_source_expressions(self, expressions):
        (self.document,) = expressions

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.document)
        return (
            f"{sql} @@ websearch_to_tsquery(%s::regconfig, %s)",
            (*params, CONFIG, self.text),
        )


def matching_condition(text: str, model, *, using: str = "default"):
    """A filter() condition selecting the rows of `model` whose text matches.

    `model` is one with a search document: Update, Quote or Media. Raises
    QueryTooLong for a query of more than MAX_WORDS words.
    """
    query = parse(text)
    if not query:
        return models.Q(pk__in=[])
    if connections[using].vendor == "postgresql":
        # One predicate on the row itself, so the planner may walk the newest
        # rows for a common word instead of collecting every match.
        return WebSearchMatch(StoredDocument(), websearch_text(query))
    return fts5_condition(query, model._meta.db_table)


def kept_word_count(text: str, *, using: str = "default") -> int | None:
    """How many published updates match `text`, read from the kept word counts
    (items/migrations/0017) when it is one word on PostgreSQL; else None.

    The word is stemmed as the search stems it: "drones" counts "drone".
    """
    query = parse(text)
    if not query or connections[using].vendor != "postgresql":
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery('english'::regconfig, %s)::text",
            [websearch_text(query)],
        )
        single = re.fullmatch(r"'([^']+)'", cursor.fetchone()[0])
        if single is None:  # a phrase, several words, OR, -word, a stop word
            return None
        cursor.execute(
            "SELECT updates FROM items_updatewordcount WHERE lexeme = %s",
            [single[1]],
        )
        row = cursor.fetchone()
    return row[0] if row else 0
