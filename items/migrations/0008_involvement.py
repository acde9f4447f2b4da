"""One row per (person, update) a mention, quote or contribution links, kept by triggers.

Each link table gets a trigger after insert, delete and change of person or update:
the new pair is upserted with its update's published_at, and the old pair is
deleted once no mention, quote or contribution links it any more. A change of an
update's published_at is copied to its rows. The same logic is written once per
database. Django rebuilds a SQLite table when a later migration alters it, which
drops its triggers: such a migration must recreate them (tests/items/
test_involvement.py fails if they are gone).
"""

import django.db.models.deletion
from django.db import migrations, models

LINKS = ("items_personmention", "items_quote", "items_contribution")


def still_linked(alias: str) -> str:
    """SQL: some link table still joins `alias`.person_id to `alias`.update_id."""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE person_id = {alias}.person_id "
        f"AND update_id = {alias}.update_id)"
        for table in LINKS
    )


FILL = f"""
INSERT INTO items_involvement (person_id, update_id, published_at)
SELECT link.person_id, link.update_id, u.published_at
FROM ({" UNION ".join(f"SELECT person_id, update_id FROM {t}" for t in LINKS)}) link
JOIN items_update u ON u.id = link.update_id
WHERE link.person_id IS NOT NULL
"""

POSTGRESQL = [
    f"""
    CREATE FUNCTION items_involvement_follow() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM items_involvement i
            WHERE i.person_id = OLD.person_id AND i.update_id = OLD.update_id
              AND NOT ({still_linked("i")});
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.person_id IS NOT NULL THEN
            INSERT INTO items_involvement (person_id, update_id, published_at)
            SELECT NEW.person_id, u.id, u.published_at
            FROM items_update u WHERE u.id = NEW.update_id
            ON CONFLICT (person_id, update_id) DO NOTHING;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    *(
        f"""CREATE TRIGGER {table}_involvement
        AFTER INSERT OR DELETE OR UPDATE OF person_id, update_id ON {table}
        FOR EACH ROW EXECUTE FUNCTION items_involvement_follow()"""
        for table in LINKS
    ),
    """
    CREATE FUNCTION items_involvement_redate() RETURNS trigger AS $$
    BEGIN
        UPDATE items_involvement SET published_at = NEW.published_at
        WHERE update_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """CREATE TRIGGER items_update_involvement
    AFTER UPDATE OF published_at ON items_update FOR EACH ROW
    WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION items_involvement_redate()""",
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {table}_involvement ON {table}" for table in LINKS),
    "DROP TRIGGER IF EXISTS items_update_involvement ON items_update",
    "DROP FUNCTION IF EXISTS items_involvement_follow()",
    "DROP FUNCTION IF EXISTS items_involvement_redate()",
]

# SQLite serializes writers, so the insert need not guard against a concurrent one.
SQLITE_FORGET_OLD = (
    "DELETE FROM items_involvement WHERE person_id = old.person_id "
    f"AND update_id = old.update_id AND NOT ({still_linked('old')});"
)
SQLITE_ADD_NEW = (
    "INSERT OR IGNORE INTO items_involvement (person_id, update_id, published_at) "
    "SELECT new.person_id, id, published_at FROM items_update "
    "WHERE id = new.update_id AND new.person_id IS NOT NULL;"
)
SQLITE = [
    *(
        statement
        for table in LINKS
        for statement in (
            f"CREATE TRIGGER IF NOT EXISTS {table}_involvement_insert "
            f"AFTER INSERT ON {table} BEGIN {SQLITE_ADD_NEW} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_involvement_update "
            f"AFTER UPDATE OF person_id, update_id ON {table} "
            f"BEGIN {SQLITE_FORGET_OLD} {SQLITE_ADD_NEW} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_involvement_delete "
            f"AFTER DELETE ON {table} BEGIN {SQLITE_FORGET_OLD} END",
        )
    ),
    "CREATE TRIGGER IF NOT EXISTS items_update_involvement "
    "AFTER UPDATE OF published_at ON items_update "
    "WHEN old.published_at IS NOT new.published_at BEGIN "
    "UPDATE items_involvement SET published_at = new.published_at "
    "WHERE update_id = new.id; END",
]
SQLITE_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_involvement_{event}"
        for table in LINKS
        for event in ("insert", "update", "delete")
    ),
    "DROP TRIGGER IF EXISTS items_update_involvement",
]


def run(postgresql: list[str], sqlite: list[str]):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = {"postgresql": postgresql, "sqlite": sqlite}.get(vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0007_require_published_at_copies"),
        ("people", "0003_order_affiliations_by_id"),
    ]

    operations = [
        migrations.CreateModel(
            name="Involvement",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "person",
                        "update",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("published_at", models.DateTimeField()),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.person",
                    ),
                ),
                (
                    "update",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="involvements",
                        to="items.update",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["person", "-published_at", "-update"],
                        name="items_involvement_timeline",
                    )
                ],
            },
        ),
        migrations.RunPython(
            run(POSTGRESQL, SQLITE), run(POSTGRESQL_REVERSE, SQLITE_REVERSE)
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
