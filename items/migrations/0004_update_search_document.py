"""PostgreSQL only: one stored tsvector per update, its quotes' text included.

With 0003's two expression indexes, `q` had to gather every match of both tables
before taking the newest 100: a word in most updates took 35 s on a million. A
single indexed column lets the planner choose per query: the GIN index for a rare
word, or a walk down the newest updates, checking each stored vector, for a common
one. Triggers keep the column in step; Django's models do not know it (STYLE §7:
no PostgreSQL-only fields), items.search reads it.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE items_update ADD COLUMN search_document tsvector",
    """CREATE FUNCTION items_update_document(update_id bigint) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
        SELECT to_tsvector('english'::regconfig,
            coalesce(u.headline, '') || ' ' || coalesce(u.summary, '') || ' ' ||
            coalesce(u.body, '') || ' ' || coalesce(
                (SELECT string_agg(q.text, ' ') FROM items_quote q
                 WHERE q.update_id = u.id), ''))
        FROM items_update u WHERE u.id = update_id
    $$""",
    """CREATE FUNCTION items_update_search_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := to_tsvector('english'::regconfig,
            coalesce(NEW.headline, '') || ' ' || coalesce(NEW.summary, '') || ' ' ||
            coalesce(NEW.body, '') || ' ' || coalesce(
                (SELECT string_agg(q.text, ' ') FROM items_quote q
                 WHERE q.update_id = NEW.id), ''));
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER items_update_search BEFORE INSERT OR UPDATE OF
    headline, summary, body ON items_update
    FOR EACH ROW EXECUTE FUNCTION items_update_search_row()""",
    """CREATE FUNCTION items_quote_search_parent() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            UPDATE items_update SET search_document = items_update_document(id)
            WHERE id = OLD.update_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            UPDATE items_update SET search_document = items_update_document(id)
            WHERE id = NEW.update_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER items_quote_search AFTER INSERT OR UPDATE OR DELETE
    ON items_quote FOR EACH ROW EXECUTE FUNCTION items_quote_search_parent()""",
    "UPDATE items_update SET search_document = items_update_document(id)",
    "CREATE INDEX items_update_search_document ON items_update "
    "USING gin (search_document)",
    "DROP INDEX IF EXISTS items_update_search",
    "DROP INDEX IF EXISTS items_quote_search",
]
REVERSE = [
    "DROP TRIGGER IF EXISTS items_quote_search ON items_quote",
    "DROP TRIGGER IF EXISTS items_update_search ON items_update",
    "DROP FUNCTION IF EXISTS items_quote_search_parent()",
    "DROP FUNCTION IF EXISTS items_update_search_row()",
    "DROP FUNCTION IF EXISTS items_update_document(bigint)",
    "ALTER TABLE items_update DROP COLUMN IF EXISTS search_document",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("items", "0003_full_text_search")]

    operations = [migrations.RunPython(run(FORWARD), run(REVERSE))]
