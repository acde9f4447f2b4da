"""PostgreSQL only: trigram indexes so substring name search (admin search and
autocomplete, "Belgorod region") is an index scan, not a table scan.

Django's icontains compiles to UPPER(name::text) LIKE UPPER('%...%') on PostgreSQL,
so the indexes are on that expression. SQLite has no equivalent and skips this.
"""

from django.db import migrations

TABLES = ["places_place", "places_placealias"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_name_trgm "
            f"ON {table} USING gin (UPPER(name::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("places", "0001_create_places")]

    operations = [migrations.RunPython(create, drop)]
