from django.db import migrations, models

# The search trigger of 0004 fired on any change to a quote; it need only follow
# the text and the update, or copying published_at into every quote (0006) would
# rewrite every update's search vector.
NARROW_TRIGGER = [
    "DROP TRIGGER IF EXISTS items_quote_search ON items_quote",
    """CREATE TRIGGER items_quote_search AFTER INSERT OR DELETE OR UPDATE OF
    text, update_id ON items_quote
    FOR EACH ROW EXECUTE FUNCTION items_quote_search_parent()""",
]
WIDE_TRIGGER = [
    "DROP TRIGGER IF EXISTS items_quote_search ON items_quote",
    """CREATE TRIGGER items_quote_search AFTER INSERT OR UPDATE OR DELETE
    ON items_quote FOR EACH ROW EXECUTE FUNCTION items_quote_search_parent()""",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("items", "0004_update_search_document")]

    operations = [
        migrations.RunPython(run(NARROW_TRIGGER), run(WIDE_TRIGGER)),
        migrations.AddField(
            model_name="quote",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
    ]
