"""Full-text search of updates (headline, summary, body and quote texts).

PostgreSQL: the stored, GIN-indexed `search_document` of migration 0004 and
web-search syntax ("drone strike", "kremlin -peskov", "belgorod or bryansk").
SQLite: the FTS5 table of migration 0003, every word required. Both stem English.
"""

import re

from django.db import connections, models
from django.db.models.expressions import RawSQL

CONFIG = "english"


def search_words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def matching_condition(text: str, *, using: str = "default"):
    """A filter() condition selecting the updates that match `text`."""
    if not search_words(text):
        return models.Q(pk__in=[])
    if connections[using].vendor == "postgresql":
        # One predicate on the update row, so the planner may walk the newest
        # updates for a common word instead of collecting every match.
        return RawSQL(
            "items_update.search_document @@ websearch_to_tsquery(%s::regconfig, %s)",
            [CONFIG, text],
            output_field=models.BooleanField(),
        )
    # FTS5: each word quoted, so user text cannot inject FTS5 syntax.
    match = " ".join(f'"{word}"' for word in search_words(text))
    return models.Q(
        pk__in=RawSQL(
            "SELECT rowid FROM items_update_fts WHERE items_update_fts MATCH %s",
            [match],
        )
    )
