"""Full-text search of updates (headline, summary, body and quote texts).

PostgreSQL answers with its GIN-indexed tsvectors and websearch syntax
("drone strike", "kremlin -peskov", "belgorod or bryansk"); SQLite with the FTS5
table of migration 0003, every word required. Both stem English words.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models

CONFIG = "english"


def search_words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def update_ids_matching(text: str, *, using: str = "default") -> models.QuerySet | list:
    """Ids of updates whose text or quotes match `text`, as a subquery."""
    from .models import Quote, Update

    if not search_words(text):
        return []
    if connections[using].vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        own = (
            Update.objects.annotate(
                document=SearchVector("headline", "summary", "body", config=CONFIG)
            )
            .filter(document=query)
            .order_by()
            .values("pk")
        )
        quoted = (
            Quote.objects.annotate(document=SearchVector("text", config=CONFIG))
            .filter(document=query)
            .order_by()
            .values("update")
        )
        return own.union(quoted)
    # FTS5: each word quoted, so user text cannot inject FTS5 syntax.
    match = " ".join(f'"{word}"' for word in search_words(text))
    return Update.objects.filter(
        pk__in=models.expressions.RawSQL(
            "SELECT rowid FROM items_update_fts WHERE items_update_fts MATCH %s",
            [match],
        )
    ).values("pk")
