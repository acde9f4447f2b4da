"""Full-text search over updates and their quotes, in each database's own way.

PostgreSQL: GIN indexes on the exact to_tsvector() expressions that
UpdateQuerySet.matching() filters on (DESIGN.md §7: 6.4 s with ILIKE, 30 ms with GIN).
SQLite: an FTS5 table of each update's headline, summary, body and quote texts,
kept in step by triggers. Django rebuilds a SQLite table when a later migration
alters it, which drops its triggers: such a migration must recreate them
(tests/items/test_search.py fails if they are gone).
"""

from django.db import migrations

UPDATE_DOCUMENT = (
    "to_tsvector('english'::regconfig, COALESCE(headline, '') || ' ' || "
    "COALESCE(summary, '') || ' ' || COALESCE(body, ''))"
)
QUOTE_DOCUMENT = "to_tsvector('english'::regconfig, COALESCE(text, ''))"

QUOTES_OF = "(SELECT group_concat(text, ' ') FROM items_quote WHERE update_id = {})"

SQLITE = [
    "CREATE VIRTUAL TABLE items_update_fts USING fts5("
    "headline, summary, body, quotes, tokenize = 'porter unicode61')",
    "INSERT INTO items_update_fts (rowid, headline, summary, body, quotes) "
    f"SELECT id, headline, summary, body, {QUOTES_OF.format('items_update.id')} "
    "FROM items_update",
    "CREATE TRIGGER items_update_fts_insert AFTER INSERT ON items_update BEGIN "
    "INSERT INTO items_update_fts (rowid, headline, summary, body, quotes) "
    "VALUES (new.id, new.headline, new.summary, new.body, ''); END",
    "CREATE TRIGGER items_update_fts_update AFTER UPDATE ON items_update BEGIN "
    "UPDATE items_update_fts SET headline = new.headline, summary = new.summary, "
    "body = new.body WHERE rowid = new.id; END",
    "CREATE TRIGGER items_update_fts_delete AFTER DELETE ON items_update BEGIN "
    "DELETE FROM items_update_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER items_quote_fts_insert AFTER INSERT ON items_quote BEGIN "
    f"UPDATE items_update_fts SET quotes = {QUOTES_OF.format('new.update_id')} "
    "WHERE rowid = new.update_id; END",
    "CREATE TRIGGER items_quote_fts_update AFTER UPDATE ON items_quote BEGIN "
    f"UPDATE items_update_fts SET quotes = {QUOTES_OF.format('old.update_id')} "
    "WHERE rowid = old.update_id; "
    f"UPDATE items_update_fts SET quotes = {QUOTES_OF.format('new.update_id')} "
    "WHERE rowid = new.update_id; END",
    "CREATE TRIGGER items_quote_fts_delete AFTER DELETE ON items_quote BEGIN "
    f"UPDATE items_update_fts SET quotes = {QUOTES_OF.format('old.update_id')} "
    "WHERE rowid = old.update_id; END",
]
SQLITE_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "items_update_fts_insert",
            "items_update_fts_update",
            "items_update_fts_delete",
            "items_quote_fts_insert",
            "items_quote_fts_update",
            "items_quote_fts_delete",
        )
    ),
    "DROP TABLE IF EXISTS items_update_fts",
]
POSTGRESQL = [
    f"CREATE INDEX IF NOT EXISTS items_update_search ON items_update "
    f"USING gin ({UPDATE_DOCUMENT})",
    f"CREATE INDEX IF NOT EXISTS items_quote_search ON items_quote "
    f"USING gin ({QUOTE_DOCUMENT})",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS items_update_search",
    "DROP INDEX IF EXISTS items_quote_search",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("items", "0002_link_items_to_people_and_places")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
