from django.db import migrations, models

# SQLite rebuilds items_quote for the NOT NULL change below, dropping the FTS5
# triggers of 0003 with the old table; they are made again here.
QUOTES_OF = "(SELECT group_concat(text, ' ') FROM items_quote WHERE update_id = {})"
SQLITE_QUOTE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_insert AFTER INSERT ON items_quote "
    f"BEGIN UPDATE items_update_fts SET quotes = {QUOTES_OF.format('new.update_id')} "
    "WHERE rowid = new.update_id; END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_update AFTER UPDATE ON items_quote "
    f"BEGIN UPDATE items_update_fts SET quotes = {QUOTES_OF.format('old.update_id')} "
    "WHERE rowid = old.update_id; "
    f"UPDATE items_update_fts SET quotes = {QUOTES_OF.format('new.update_id')} "
    "WHERE rowid = new.update_id; END",
    "CREATE TRIGGER IF NOT EXISTS items_quote_fts_delete AFTER DELETE ON items_quote "
    f"BEGIN UPDATE items_update_fts SET quotes = {QUOTES_OF.format('old.update_id')} "
    "WHERE rowid = old.update_id; END",
]


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_QUOTE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("items", "0006_fill_published_at_copies")]

    operations = [
        migrations.AlterField(
            model_name="quote",
            name="published_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AlterField(
            model_name="contribution",
            name="published_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                fields=["person", "-published_at", "update"],
                name="items_quote_person_timeline",
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                fields=["organization", "-published_at", "update"],
                name="items_quote_org_timeline",
            ),
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["person", "-published_at", "update"],
                name="items_contrib_person_timeline",
            ),
        ),
    ]
