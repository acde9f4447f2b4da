"""A uid on every item a dump identifies: updates, quotes, media, notes, corrections.

Live tables get the column in place (newsarchive.migration_ops.add_uid), so SQLite
keeps their triggers. History rows take the uid of the record they are a version
of.
"""

import uuid

from django.db import migrations, models

from newsarchive.migration_ops import add_uid

MODELS = {
    "update": "items_update",
    "quote": "items_quote",
    "media": "items_media",
    "verificationnote": "items_verificationnote",
    "correction": "items_correction",
}


def history_takes_the_records_uid(table: str) -> migrations.RunSQL:
    return migrations.RunSQL(
        f"UPDATE items_historical{table.removeprefix('items_')} SET uid = "
        f"(SELECT uid FROM {table} WHERE {table}.id = "
        f"items_historical{table.removeprefix('items_')}.id) "
        f"WHERE id IN (SELECT id FROM {table})",
        migrations.RunSQL.noop,
    )


class Migration(migrations.Migration):
    dependencies = [("items", "0008_involvement")]

    operations = [
        *(add_uid(model, table) for model, table in MODELS.items()),
        *(
            migrations.AddField(
                model_name=f"historical{model}",
                name="uid",
                field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
            )
            for model in MODELS
        ),
        *(history_takes_the_records_uid(table) for table in MODELS.values()),
    ]
