"""A uid on affiliations, which have no natural key, so dumps can identify them.

The live table gets the column in place (newsarchive.migration_ops.add_uid);
history rows take the uid of the affiliation they are a version of.
"""

import uuid

from django.db import migrations, models

from newsarchive.migration_ops import add_uid


class Migration(migrations.Migration):
    dependencies = [("people", "0003_order_affiliations_by_id")]

    operations = [
        add_uid("affiliation", "people_affiliation"),
        migrations.AddField(
            model_name="historicalaffiliation",
            name="uid",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
        migrations.RunSQL(
            "UPDATE people_historicalaffiliation SET uid = (SELECT uid FROM "
            "people_affiliation WHERE people_affiliation.id = "
            "people_historicalaffiliation.id) "
            "WHERE id IN (SELECT id FROM people_affiliation)",
            migrations.RunSQL.noop,
        ),
    ]
