"""How many public updates hold each word, kept on PostgreSQL.

`/api/v1/updates/count/?q=drone` for a word in most updates found every match in
the search index and then read each update for its status: 94 ms at 100,000
updates, and PostgreSQL chose to read the whole table (bench/README.md).
Triggers on items_update now keep items_updatewordcount: for each lexeme of a
published update's search vector (0004, 0013: its text and public quotes), how
many published updates hold it. A public count of one word is one row.

The triggers fire after every statement that inserts, changes or deletes
updates, and an update's vector changes with its text and its public quotes
(0013's triggers), so quotes are counted as the search finds them.

SQLite's full-text search is FTS5, with its own stemmer; its counts are read
from the search itself, and the table stays empty there.
"""

from django.db import migrations, models


def words(rows: str, sign: int) -> str:
    """SQL: each lexeme of each published update of `rows`, counted `sign`."""
    return (
        f"SELECT lexeme, {sign} AS n FROM {rows} r, "
        "unnest(tsvector_to_array(r.search_document)) lexeme "
        "WHERE r.status = 'published'"
    )


def apply(*changes: str) -> str:
    """SQL: add the net change per lexeme to its count.

    One upsert per statement, in lexeme order, so that two writers lock shared
    counters in the same order. A lexeme that goes down is always there already;
    a count that reaches 0 stays, as 0.
    """
    return (
        "INSERT INTO items_updatewordcount (lexeme, updates) "
        f"SELECT lexeme, sum(n) FROM ({' UNION ALL '.join(changes)}) changes "
        "GROUP BY lexeme HAVING sum(n) <> 0 ORDER BY lexeme "
        "ON CONFLICT (lexeme) DO UPDATE "
        "SET updates = items_updatewordcount.updates + excluded.updates"
    )


# Statement triggers with transition tables: a batch of 500 updates (a dump
# load) or 5,000 (items.synthetic's COPY) is counted in one upsert, where a row
# trigger made some sixty per update.
TRIGGERS = {
    "items_update_words_added": (
        "INSERT",
        "NEW TABLE AS new_rows",
        apply(words("new_rows", 1)),
    ),
    "items_update_words_removed": (
        "DELETE",
        "OLD TABLE AS old_rows",
        apply(words("old_rows", -1)),
    ),
    # Any UPDATE: the vector is set by a BEFORE trigger (0013), which UPDATE OF
    # would not see. Unchanged rows cancel out.
    "items_update_words_changed": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        apply(words("old_rows", -1), words("new_rows", 1)),
    ),
}
# The archive as it is when the migration runs.
FILL = apply(words("items_update", 1))
POSTGRESQL = [FILL]
for name, (event, tables, statement) in TRIGGERS.items():
    POSTGRESQL += [
        f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN {statement}; RETURN NULL; END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER {name} AFTER {event} ON items_update
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()""",
    ]
POSTGRESQL_REVERSE = [
    statement
    for name in TRIGGERS
    for statement in (
        f"DROP TRIGGER IF EXISTS {name} ON items_update",
        f"DROP FUNCTION IF EXISTS {name}()",
    )
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
                # No CHECK (>= 0): the upsert proposes a negative row for a
                # word that goes down, which a CHECK refuses before the
                # conflict turns it into an update.
                ("updates", models.IntegerField()),
            ],
        ),
        migrations.RunPython(
            run(POSTGRESQL), run(POSTGRESQL_REVERSE), elidable=False
        ),
    ]
