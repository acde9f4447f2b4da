"""Migration operations shared by several apps' migrations.

Migrations are frozen: once a migration uses an operation from here, the
operation's behaviour must not change.
"""

import uuid

from django.db import migrations, models

# A random (version 4) UUID in SQLite, as the 32 hex digits Django stores.
SQLITE_UUID4 = (
    "lower(hex(randomblob(4)) || hex(randomblob(2)) || '4' || "
    "substr(hex(randomblob(2)), 2) || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(hex(randomblob(2)), 2) || hex(randomblob(6)))"
)


def add_uid(model_name: str, table: str) -> migrations.SeparateDatabaseAndState:
    """Add a unique `uid` UUID to a table that already has rows.

    Django's AddField would give every existing row the same default, and on
    SQLite it rebuilds the table, which drops the table's triggers (full-text
    search, involvements). Here the column is added in place and filled with a
    random UUID per row. SQLite cannot add NOT NULL to an existing column, so
    there the column stays nullable; every write goes through the model, whose
    default fills it.
    """

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            statements = [
                f"ALTER TABLE {table} ADD COLUMN uid uuid NULL",
                f"UPDATE {table} SET uid = gen_random_uuid()",
                f"ALTER TABLE {table} ALTER COLUMN uid SET NOT NULL",
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_uid_key UNIQUE (uid)",
            ]
        elif vendor == "sqlite":
            statements = [
                f"ALTER TABLE {table} ADD COLUMN uid char(32) NULL",
                f"UPDATE {table} SET uid = {SQLITE_UUID4}",
                f"CREATE UNIQUE INDEX {table}_uid_key ON {table} (uid)",
            ]
        else:
            raise NotImplementedError(f"uids on {vendor}")
        for statement in statements:
            schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP INDEX {table}_uid_key")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN uid")

    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AddField(
                model_name=model_name,
                name="uid",
                field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
            )
        ],
        database_operations=[migrations.RunPython(forwards, backwards)],
    )
