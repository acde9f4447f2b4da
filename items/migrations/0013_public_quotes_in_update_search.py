"""An update's searchable text takes in only its public quotes.

0004 (PostgreSQL) and 0010 (SQLite) put every quote's words into its update's
search document, so `?q=` on updates, contributions and the export found an
update by the words of a quote the public may not see (issue 13's audit: an
unconfirmed quote, or one by an unconfirmed person). A quote counts now only
when newsarchive.public would show it: confirmed, and by a confirmed speaker.
Its update is refreshed when the quote changes and when its speaker is
confirmed or unconfirmed.

Django rebuilds a SQLite table when a later migration alters it, which drops its
triggers: such a migration must create SQLITE_TRIGGERS again
(tests/items/test_search.py fails if they are gone).
"""

from importlib import import_module

from django.db import migrations

EARLIER = import_module("items.migrations.0010_search_quotes_and_media")

# A quote the public sees, of the update `row`: as newsarchive.public's rule.
PUBLIC_QUOTES = (
    "SELECT q.text FROM items_quote q "
    "LEFT JOIN people_person p ON p.id = q.person_id "
    "LEFT JOIN people_organization o ON o.id = q.organization_id "
    "WHERE q.update_id = {row}.id AND q.is_confirmed "
    "AND (q.person_id IS NULL OR p.is_confirmed) "
    "AND (q.organization_id IS NULL OR o.is_confirmed)"
)


def update_document(row: str) -> str:
    """SQL for the text of the update `row`: the same on both databases."""
    return (
        f"coalesce({row}.headline, '') || ' ' || coalesce({row}.summary, '') || ' ' "
        f"|| coalesce({row}.body, '') || ' ' || coalesce((SELECT group_concat(text, "
        f"' ') FROM ({PUBLIC_QUOTES.format(row=row)} ORDER BY q.id)), '')"
    )


def refresh_update(update_id: str) -> str:
    return (
        "UPDATE items_update_fts SET document = (SELECT "
        f"{update_document('u')} FROM items_update u WHERE u.id = {update_id}) "
        f"WHERE rowid = {update_id};"
    )


def refresh_updates_quoting(column: str) -> str:
    return (
        "UPDATE items_update_fts SET document = (SELECT "
        f"{update_document('u')} FROM items_update u WHERE u.id = "
        "items_update_fts.rowid) WHERE rowid IN (SELECT update_id FROM items_quote "
        f"WHERE {column} = new.id);"
    )


REPLACED = [
    "items_update_fts_insert",
    "items_update_fts_update",
    "items_quote_fts_insert",
    "items_quote_fts_update",
    "items_quote_fts_delete",
]
SPEAKER_TRIGGERS = ["people_person_fts_confirmed", "people_organization_fts_confirmed"]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS items_update_fts_insert AFTER INSERT ON items_update "
    "BEGIN INSERT INTO items_update_fts (rowid, document) "
    f"VALUES (new.id, {update_document('new')}); END",
    "CREATE TRIGGER IF NOT EXISTS items_update_fts_update AFTER UPDATE OF "
    f"headline, summary, body ON items_update BEGIN {refresh_update('new.id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_insert AFTER INSERT ON items_quote "
    "BEGIN INSERT INTO items_quote_fts (rowid, document) "
    "VALUES (new.id, coalesce(new.text, '')); "
    f"{refresh_update('new.update_id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_update AFTER UPDATE OF "
    "text, update_id, is_confirmed, person_id, organization_id ON items_quote BEGIN "
    "UPDATE items_quote_fts SET document = coalesce(new.text, '') "
    "WHERE rowid = new.id; "
    f"{refresh_update('old.update_id')} {refresh_update('new.update_id')} END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_delete AFTER DELETE ON items_quote "
    "BEGIN DELETE FROM items_quote_fts WHERE rowid = old.id; "
    f"{refresh_update('old.update_id')} END",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_confirmed AFTER UPDATE OF "
    f"is_confirmed ON people_person BEGIN {refresh_updates_quoting('person_id')} END",
    "CREATE TRIGGER IF NOT EXISTS people_organization_fts_confirmed AFTER UPDATE OF "
    "is_confirmed ON people_organization BEGIN "
    f"{refresh_updates_quoting('organization_id')} END",
]
SQLITE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in REPLACED),
    *SQLITE_TRIGGERS,
    f"UPDATE items_update_fts SET document = (SELECT {update_document('u')} "
    "FROM items_update u WHERE u.id = items_update_fts.rowid)",
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in REPLACED + SPEAKER_TRIGGERS),
    *(
        statement
        for statement in EARLIER.SQLITE_TRIGGERS
        if any(f" {name} " in statement for name in REPLACED)
    ),
    f"UPDATE items_update_fts SET document = (SELECT "
    f"{EARLIER.update_document('u')} FROM items_update u "
    "WHERE u.id = items_update_fts.rowid)",
]

PG_QUOTES = (
    "SELECT string_agg(text, ' ' ORDER BY id) FROM ("
    "SELECT q.id, q.text FROM items_quote q "
    "LEFT JOIN people_person p ON p.id = q.person_id "
    "LEFT JOIN people_organization o ON o.id = q.organization_id "
    "WHERE q.update_id = {update} AND q.is_confirmed "
    "AND (q.person_id IS NULL OR p.is_confirmed) "
    "AND (q.organization_id IS NULL OR o.is_confirmed)) public_quotes"
)
POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION items_update_document(update_id bigint)
    RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT to_tsvector('english'::regconfig,
            coalesce(u.headline, '') || ' ' || coalesce(u.summary, '') || ' ' ||
            coalesce(u.body, '') || ' ' || coalesce(
                ({PG_QUOTES.format(update="u.id")}), ''))
        FROM items_update u WHERE u.id = update_id
    $$""",
    f"""CREATE OR REPLACE FUNCTION items_update_search_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := to_tsvector('english'::regconfig,
            coalesce(NEW.headline, '') || ' ' || coalesce(NEW.summary, '') || ' ' ||
            coalesce(NEW.body, '') || ' ' || coalesce(
                ({PG_QUOTES.format(update="NEW.id")}), ''));
        RETURN NEW;
    END $$""",
    """CREATE FUNCTION items_speaker_search_parent() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE items_update SET search_document = items_update_document(id)
        WHERE id IN (SELECT update_id FROM items_quote
                     WHERE (TG_TABLE_NAME = 'people_person' AND person_id = NEW.id)
                        OR (TG_TABLE_NAME = 'people_organization'
                            AND organization_id = NEW.id));
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER people_person_search AFTER UPDATE OF is_confirmed
    ON people_person FOR EACH ROW
    WHEN (OLD.is_confirmed IS DISTINCT FROM NEW.is_confirmed)
    EXECUTE FUNCTION items_speaker_search_parent()""",
    """CREATE TRIGGER people_organization_search AFTER UPDATE OF is_confirmed
    ON people_organization FOR EACH ROW
    WHEN (OLD.is_confirmed IS DISTINCT FROM NEW.is_confirmed)
    EXECUTE FUNCTION items_speaker_search_parent()""",
    "UPDATE items_update SET search_document = items_update_document(id)",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS people_person_search ON people_person",
    "DROP TRIGGER IF EXISTS people_organization_search ON people_organization",
    "DROP FUNCTION IF EXISTS items_speaker_search_parent()",
    """CREATE OR REPLACE FUNCTION items_update_document(update_id bigint)
    RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT to_tsvector('english'::regconfig,
            coalesce(u.headline, '') || ' ' || coalesce(u.summary, '') || ' ' ||
            coalesce(u.body, '') || ' ' || coalesce(
                (SELECT string_agg(q.text, ' ') FROM items_quote q
                 WHERE q.update_id = u.id), ''))
        FROM items_update u WHERE u.id = update_id
    $$""",
    """CREATE OR REPLACE FUNCTION items_update_search_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := to_tsvector('english'::regconfig,
            coalesce(NEW.headline, '') || ' ' || coalesce(NEW.summary, '') || ' ' ||
            coalesce(NEW.body, '') || ' ' || coalesce(
                (SELECT string_agg(q.text, ' ') FROM items_quote q
                 WHERE q.update_id = NEW.id), ''));
        RETURN NEW;
    END $$""",
    "UPDATE items_update SET search_document = items_update_document(id)",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0012_verification_note_provenance"),
        ("people", "0005_importer_provenance"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
