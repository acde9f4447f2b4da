"""Copy each quote's and contribution's update date into it, in batches."""

from django.db import migrations

BATCH = 50_000


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in ("items_quote", "items_contribution"):
            cursor.execute(f"SELECT min(id), max(id) FROM {table}")
            low, high = cursor.fetchone()
            if low is None:
                continue
            for start in range(low, high + 1, BATCH):
                cursor.execute(
                    f"UPDATE {table} SET published_at = (SELECT u.published_at "
                    f"FROM items_update u WHERE u.id = {table}.update_id) "
                    f"WHERE id >= %s AND id < %s",
                    [start, start + BATCH],
                )


class Migration(migrations.Migration):
    dependencies = [("items", "0005_add_published_at_copies")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
