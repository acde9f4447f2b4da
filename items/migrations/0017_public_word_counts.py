"""How many public updates hold each word, kept on PostgreSQL.

`/api/v1/updates/count/?q=drone` for a word in most updates found every match in
the search index and then read each update for its status: 94 ms at 100,000
updates, and PostgreSQL chose to read the whole table (bench/README.md). A
trigger on items_update now keeps items_updatewordcount: for each lexeme of a
published update's search vector (0004, 0013: its text and public quotes), how
many published updates hold it. A public count of one word is one row.

The trigger fires after any change of an update's status or search vector, and
the vector changes with every change of its text or its public quotes (0013's
triggers), so quotes are counted as the search finds them. Lexemes are taken in
their sorted order, so two writers lock shared counters in the same order.

SQLite's full-text search is FTS5, with its own stemmer; its counts are read
from the search itself, and the table stays empty there.
"""

from django.db import migrations, models

COUNT_IN = (
    "INSERT INTO items_updatewordcount (lexeme, updates) "
    "SELECT lexeme, 1 FROM unnest(tsvector_to_array({row}.search_document)) lexeme "
    "ON CONFLICT (lexeme) DO UPDATE SET updates = items_updatewordcount.updates + 1;"
)
COUNT_OUT = (
    "UPDATE items_updatewordcount SET updates = updates - 1 "
    "WHERE lexeme = ANY (tsvector_to_array({row}.search_document)); "
    "DELETE FROM items_updatewordcount WHERE updates = 0 "
    "AND lexeme = ANY (tsvector_to_array({row}.search_document));"
)


def fill(since: int = 0) -> str:
    """The counts of the published updates from id `since` on, in one statement:
    for this migration and for a bulk load with the triggers off (items.synthetic)."""
    return (
        "INSERT INTO items_updatewordcount (lexeme, updates) "
        "SELECT lexeme, count(*) FROM items_update u, "
        "unnest(tsvector_to_array(u.search_document)) lexeme "
        f"WHERE u.status = 'published' AND u.id >= {int(since)} GROUP BY lexeme "
        "ON CONFLICT (lexeme) DO UPDATE "
        "SET updates = items_updatewordcount.updates + excluded.updates"
    )


# Both fire for a load, so items.synthetic turns both off.
TRIGGERS = ["items_update_words", "items_update_words_update"]
POSTGRESQL = [
    fill(),
    f"""CREATE FUNCTION items_update_words() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status = 'published' THEN
            {COUNT_OUT.format(row="OLD")}
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'published' THEN
            {COUNT_IN.format(row="NEW")}
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER items_update_words AFTER INSERT OR DELETE ON items_update
    FOR EACH ROW EXECUTE FUNCTION items_update_words()""",
    # Not UPDATE OF search_document: a BEFORE trigger sets it (0013), which
    # UPDATE OF does not see. The WHEN compares the rows as written.
    """CREATE TRIGGER items_update_words_update AFTER UPDATE ON items_update
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.search_document IS DISTINCT FROM NEW.search_document)
    EXECUTE FUNCTION items_update_words()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS items_update_words ON items_update",
    "DROP TRIGGER IF EXISTS items_update_words_update ON items_update",
    "DROP FUNCTION IF EXISTS items_update_words()",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("items", "0016_public_involvement")]

    operations = [
        migrations.CreateModel(
            name="UpdateWordCount",
            fields=[
                (
                    "lexeme",
                    models.TextField(primary_key=True, serialize=False),
                ),
                ("updates", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(
            run(POSTGRESQL), run(POSTGRESQL_REVERSE), elidable=False
        ),
    ]
