"""Full text of quotes and media of their own, and one searchable text per record.

Quotes are searched by their own words, media by caption and credit line
(issue 13: `?q=` on /quotes/ took every quote of a matching update, and 30 s).

PostgreSQL: a stored, GIN-indexed `search_document` column on items_quote and
items_media, like the one 0004 gave items_update. A generated column keeps
itself in step, and the planner can walk the newest rows checking the stored
vector (a common word) or use the index (a rare one).

SQLite: FTS5 tables items_quote_fts and items_media_fts, and items_update_fts
rebuilt with a single `document` column. Each holds exactly the text PostgreSQL
turns into the vector (an update's headline, summary, body and quotes joined by
spaces), so a phrase may run from one field into the next on both databases
alike. FTS5 keeps accents, as PostgreSQL does. Triggers keep the tables in step.
Django rebuilds a SQLite table when a later migration alters it, which drops its
triggers: such a migration must recreate them (tests/items/test_search.py fails
if they are gone).
"""

from importlib import import_module

from django.db import migrations

FULL_TEXT_SEARCH = import_module("items.migrations.0003_full_text_search")

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 0'"


def update_document(row: str) -> str:
    """SQL for the text of the update `row`, as items_update_document() of 0004."""
    return (
        f"coalesce({row}.headline, '') || ' ' || coalesce({row}.summary, '') || ' ' "
        f"|| coalesce({row}.body, '') || ' ' || coalesce((SELECT group_concat(text, "
        f"' ') FROM (SELECT text FROM items_quote WHERE update_id = {row}.id "
        "ORDER BY id)), '')"
    )


def refresh_update(update_id: str) -> str:
    return (
        "UPDATE items_update_fts SET document = (SELECT "
        f"{update_document('u')} FROM items_update u WHERE u.id = {update_id}) "
        f"WHERE rowid = {update_id};"
    )


MEDIA_DOCUMENT = "coalesce({row}.caption, '') || ' ' || coalesce({row}.credit_line, '')"

OLD_SQLITE_TRIGGERS = [
    "items_update_fts_insert",
    "items_update_fts_update",
    "items_update_fts_delete",
    "items_quote_fts_insert",
    "items_quote_fts_update",
    "items_quote_fts_delete",
]
MEDIA_TRIGGERS = ["items_media_fts_insert", "items_media_fts_update", "items_media_fts_delete"]

SQLITE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in OLD_SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS items_update_fts",
    f"CREATE VIRTUAL TABLE items_update_fts USING fts5(document, {TOKENIZE})",
    "INSERT INTO items_update_fts (rowid, document) "
    f"SELECT id, {update_document('items_update')} FROM items_update",
    f"CREATE VIRTUAL TABLE items_quote_fts USING fts5(document, {TOKENIZE})",
    "INSERT INTO items_quote_fts (rowid, document) "
    "SELECT id, coalesce(text, '') FROM items_quote",
    f"CREATE VIRTUAL TABLE items_media_fts USING fts5(document, {TOKENIZE})",
    "INSERT INTO items_media_fts (rowid, document) "
    f"SELECT id, {MEDIA_DOCUMENT.format(row='items_media')} FROM items_media",
]
# Kept apart so that a later migration which rebuilds one of these tables can
# create them again.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS items_update_fts_insert AFTER INSERT ON items_update "
    "BEGIN INSERT INTO items_update_fts (rowid, document) "
    f"VALUES (new.id, {update_document('new')}); END",
    "CREATE TRIGGER IF NOT EXISTS items_update_fts_update AFTER UPDATE OF "
    f"headline, summary, body ON items_update BEGIN {refresh_update('new.id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_update_fts_delete AFTER DELETE ON items_update "
    "BEGIN DELETE FROM items_update_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_insert AFTER INSERT ON items_quote "
    "BEGIN INSERT INTO items_quote_fts (rowid, document) "
    "VALUES (new.id, coalesce(new.text, '')); "
    f"{refresh_update('new.update_id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_update AFTER UPDATE OF "
    "text, update_id ON items_quote BEGIN "
    "UPDATE items_quote_fts SET document = coalesce(new.text, '') "
    "WHERE rowid = new.id; "
    f"{refresh_update('old.update_id')} {refresh_update('new.update_id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_delete AFTER DELETE ON items_quote "
    "BEGIN DELETE FROM items_quote_fts WHERE rowid = old.id; "
    f"{refresh_update('old.update_id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_media_fts_insert AFTER INSERT ON items_media "
    "BEGIN INSERT INTO items_media_fts (rowid, document) "
    f"VALUES (new.id, {MEDIA_DOCUMENT.format(row='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS items_media_fts_update AFTER UPDATE OF "
    "caption, credit_line ON items_media BEGIN UPDATE items_media_fts "
    f"SET document = {MEDIA_DOCUMENT.format(row='new')} WHERE rowid = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS items_media_fts_delete AFTER DELETE ON items_media "
    "BEGIN DELETE FROM items_media_fts WHERE rowid = old.id; END",
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in OLD_SQLITE_TRIGGERS + MEDIA_TRIGGERS),
    "DROP TABLE IF EXISTS items_media_fts",
    "DROP TABLE IF EXISTS items_quote_fts",
    "DROP TABLE IF EXISTS items_update_fts",
    # 0003's table and triggers, as 0007 left them.
    "CREATE VIRTUAL TABLE items_update_fts USING fts5("
    "headline, summary, body, quotes, tokenize = 'porter unicode61')",
    "INSERT INTO items_update_fts (rowid, headline, summary, body, quotes) "
    "SELECT id, headline, summary, body, (SELECT group_concat(text, ' ') "
    "FROM items_quote WHERE update_id = items_update.id) FROM items_update",
    *(s for s in FULL_TEXT_SEARCH.SQLITE if s.startswith("CREATE TRIGGER")),
]

POSTGRESQL = [
    "ALTER TABLE items_quote ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(text, ''))) STORED",
    "CREATE INDEX items_quote_search_document ON items_quote "
    "USING gin (search_document)",
    "ALTER TABLE items_media ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(caption, '') || ' ' || "
    "coalesce(credit_line, ''))) STORED",
    "CREATE INDEX items_media_search_document ON items_media "
    "USING gin (search_document)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE items_media DROP COLUMN IF EXISTS search_document",
    "ALTER TABLE items_quote DROP COLUMN IF EXISTS search_document",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("items", "0009_stable_uids")]

    operations = [
        migrations.RunPython(
            run(
                {
                    "sqlite": SQLITE + SQLITE_TRIGGERS,
                    "postgresql": POSTGRESQL,
                }
            ),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
