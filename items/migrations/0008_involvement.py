"""Who takes part in which updates, one row per pair, kept by database triggers.

items_personinvolvement holds each (person, update) that a mention, quote or
contribution links; items_organizationinvolvement each (organization, update) that
a mention, quote or media credit links. Each link table gets a trigger after
insert, delete and a change of its entity or update: the new pair is added with
its update's published_at, and the old pair is deleted once no link joins it any
more. Moving a media item to another update moves its credits' pairs, and a new
published_at on an update is copied to its pairs. The logic is written once, below,
and rendered for PostgreSQL and SQLite. Django rebuilds a SQLite table when a later
migration alters it, which drops its triggers: such a migration must recreate them
(tests/items/test_involvement.py fails if they are gone).
"""

from dataclasses import dataclass

import django.db.models.deletion
from django.db import migrations, models


@dataclass(frozen=True)
class Link:
    """A link table: its rows join an entity (`column`) to an update."""

    table: str
    # SQL for the update of the link row `{row}` (old, new, OLD, NEW).
    update: str = "{row}.update_id"
    # The columns whose change moves the link.
    moved_by: str = "update_id"

    def update_of(self, row: str) -> str:
        return self.update.format(row=row)


MEDIA_UPDATE = "(SELECT update_id FROM items_media WHERE id = {row}.media_id)"
KINDS = {
    "items_personinvolvement": (
        "person_id",
        (
            Link("items_personmention"),
            Link("items_quote"),
            Link("items_contribution"),
        ),
    ),
    "items_organizationinvolvement": (
        "organization_id",
        (
            Link("items_organizationmention"),
            Link("items_quote"),
            Link("items_credit", MEDIA_UPDATE, "media_id"),
        ),
    ),
}


def pairs(column: str, link: Link) -> str:
    """SQL: the (entity, update) pairs of one link table."""
    if link.table == "items_credit":
        return (
            f"SELECT c.{column} AS entity_id, m.update_id FROM items_credit c "
            "JOIN items_media m ON m.id = c.media_id"
        )
    return f"SELECT {column} AS entity_id, update_id FROM {link.table}"


def still_linked(column: str, links, entity: str, update: str) -> str:
    """SQL: some link still joins `entity` to `update`."""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM ({pairs(column, link)}) l "
        f"WHERE l.entity_id = {entity} AND l.update_id = {update})"
        for link in links
    )


def fill(table: str, kinds=KINDS) -> str:
    column, links = kinds[table]
    union = " UNION ".join(pairs(column, link) for link in links)
    return (
        f"INSERT INTO {table} ({column}, update_id, published_at) "
        f"SELECT l.entity_id, l.update_id, u.published_at FROM ({union}) l "
        "JOIN items_update u ON u.id = l.update_id WHERE l.entity_id IS NOT NULL"
    )


def trigger_name(table: str, link: Link) -> str:
    return f"{link.table}_{table.removeprefix('items_')}"


def forget(table: str, row: str, link: Link, kinds=KINDS) -> str:
    """SQL: delete the pair of link row `row` unless another link still joins it."""
    column, links = kinds[table]
    entity, update = f"{row}.{column}", link.update_of(row)
    return (
        f"DELETE FROM {table} WHERE {column} = {entity} AND update_id = {update} "
        f"AND NOT ({still_linked(column, links, entity, update)});"
    )


def add(table: str, row: str, link: Link, *, insert: str) -> str:
    """SQL: add the pair of link row `row` with its update's date, if not there."""
    column, _ = KINDS[table]
    return (
        f"{insert} {table} ({column}, update_id, published_at) "
        f"SELECT {row}.{column}, u.id, u.published_at FROM items_update u "
        f"WHERE u.id = {link.update_of(row)} AND {row}.{column} IS NOT NULL"
    )


# The functions below take the link tables as `kinds`: a later migration that
# adds a link table renders them again with it (0014: organizations' contributions).
def postgresql(kinds=KINDS) -> list[str]:
    statements = []
    for table, (column, links) in kinds.items():
        for link in links:
            name = trigger_name(table, link)
            statements += [
                f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN {forget(table, "OLD", link, kinds)} END IF;
                    IF TG_OP <> 'DELETE' THEN
                        {add(table, "NEW", link, insert="INSERT INTO")}
                        ON CONFLICT ({column}, update_id) DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql""",
                f"""CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF
                {column}, {link.moved_by} ON {link.table}
                FOR EACH ROW EXECUTE FUNCTION {name}()""",
            ]
    statements += [
        f"""CREATE FUNCTION items_media_organizationinvolvement() RETURNS trigger AS $$
        BEGIN
            {media_moved(kinds).format(old="OLD", new="NEW")}
            {MEDIA_CREDITS.format(new="NEW")} ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER items_media_organizationinvolvement
        AFTER UPDATE OF update_id ON items_media FOR EACH ROW
        EXECUTE FUNCTION items_media_organizationinvolvement()""",
        f"""CREATE FUNCTION items_update_involvement() RETURNS trigger AS $$
        BEGIN {redate(kinds).format(new="NEW")} RETURN NULL; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER items_update_involvement
        AFTER UPDATE OF published_at ON items_update FOR EACH ROW
        WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
        EXECUTE FUNCTION items_update_involvement()""",
    ]
    return statements


def postgresql_reverse(kinds=KINDS) -> list[str]:
    names = [
        (trigger_name(table, link), link.table)
        for table, (_, links) in kinds.items()
        for link in links
    ]
    names += [
        ("items_media_organizationinvolvement", "items_media"),
        ("items_update_involvement", "items_update"),
    ]
    return [
        statement
        for name, on in names
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {on}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def sqlite(kinds=KINDS) -> list[str]:
    # SQLite serializes writers, so a pair cannot be added twice at once.
    statements = []
    for table, (column, links) in kinds.items():
        for link in links:
            name = trigger_name(table, link)
            forget_old = forget(table, "old", link, kinds)
            add_new = add(table, "new", link, insert="INSERT OR IGNORE INTO") + ";"
            statements += [
                f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON "
                f"{link.table} BEGIN {add_new} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF "
                f"{column}, {link.moved_by} ON {link.table} "
                f"BEGIN {forget_old} {add_new} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON "
                f"{link.table} BEGIN {forget_old} END",
            ]
    statements += [
        "CREATE TRIGGER IF NOT EXISTS items_media_organizationinvolvement "
        "AFTER UPDATE OF update_id ON items_media BEGIN "
        f"{media_moved(kinds).format(old='old', new='new')} "
        f"{MEDIA_CREDITS.format(new='new').replace('INSERT', 'INSERT OR IGNORE', 1)};"
        " END",
        "CREATE TRIGGER IF NOT EXISTS items_update_involvement "
        "AFTER UPDATE OF published_at ON items_update "
        "WHEN old.published_at IS NOT new.published_at "
        f"BEGIN {redate(kinds).format(new='new')} END",
    ]
    return statements


def sqlite_reverse(kinds=KINDS) -> list[str]:
    names = [
        f"{trigger_name(table, link)}_{event}"
        for table, (_, links) in kinds.items()
        for link in links
        for event in ("insert", "update", "delete")
    ]
    names += ["items_media_organizationinvolvement", "items_update_involvement"]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


# A media item moved to another update: its credits' organizations leave the old
# update (unless linked there otherwise) and join the new one.
def media_moved(kinds=KINDS) -> str:
    return (
        "DELETE FROM items_organizationinvolvement WHERE update_id = {old}.update_id "
        "AND organization_id IN (SELECT organization_id FROM items_credit "
        "WHERE media_id = {new}.id) AND NOT ("
        + still_linked(
            "organization_id",
            kinds["items_organizationinvolvement"][1],
            "items_organizationinvolvement.organization_id",
            "items_organizationinvolvement.update_id",
        )
        .replace("{", "{{")
        .replace("}", "}}")
        + ");"
    )


MEDIA_CREDITS = (
    "INSERT INTO items_organizationinvolvement "
    "(organization_id, update_id, published_at) "
    "SELECT c.organization_id, u.id, u.published_at FROM items_credit c "
    "JOIN items_update u ON u.id = {new}.update_id "
    "WHERE c.media_id = {new}.id AND c.organization_id IS NOT NULL"
)
def redate(kinds=KINDS) -> str:
    return " ".join(
        f"UPDATE {table} SET published_at = {{new}}.published_at "
        "WHERE update_id = {new}.id;"
        for table in kinds
    )


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, lambda: [])():
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0007_require_published_at_copies"),
        ("people", "0003_order_affiliations_by_id"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizationInvolvement",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "organization",
                        "update",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("published_at", models.DateTimeField()),
                (
                    "organization",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.organization",
                    ),
                ),
                (
                    "update",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="organization_involvements",
                        to="items.update",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["organization", "-published_at", "-update"],
                        name="items_org_involvement",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonInvolvement",
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
                        related_name="person_involvements",
                        to="items.update",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["person", "-published_at", "-update"],
                        name="items_person_involvement",
                    )
                ],
            },
        ),
        migrations.RunPython(
            run({"postgresql": postgresql, "sqlite": sqlite}),
            run({"postgresql": postgresql_reverse, "sqlite": sqlite_reverse}),
        ),
        *(migrations.RunSQL(fill(table), migrations.RunSQL.noop) for table in KINDS),
    ]
