"""Which involvements the public sees, and how many per day: kept, not computed.

"How many updates involve Girkin, per week, over the whole war" read every
update of his, checked its status and probed three link tables for a confirmed
link (bench/README.md: 40x the list page at 100,000 updates). Two things are now
kept by database triggers, as the involvement rows themselves are (0008, 0014):

- `is_public` on each involvement row: its update is published and a confirmed
  link (mention, quote, credit or contribution) joins the pair. That is
  newsarchive.public's rule for the link; the entity's own confirmation is
  checked by whoever reads the row, as the API resolves the person first.
- items_persondaycount and items_organizationdaycount: how many public
  involvements an entity has per day (UTC). A public count or timeline of one
  person or organization sums a few hundred of these rows.

The flag is refreshed when a link is added, removed, moved or (un)confirmed,
when an update's status changes, when a media item moves, and (on SQLite) when
a pair is first added. The day counts follow the flag and the date. Both are rendered for
PostgreSQL and SQLite. A later migration that makes SQLite rebuild a link table
must drop these triggers first and create them again (as 0014 does for 0008's);
tests/items/test_public_involvement.py fails if they are gone or wrong.
"""

import django.db.models.deletion
from django.db import migrations, models

# The involvement table, its entity column, its day-count table, and the link
# tables it derives from: (table, entity column, update of {row}, moving columns).
MEDIA_UPDATE = "(SELECT update_id FROM items_media WHERE id = {row}.media_id)"
KINDS = {
    "items_personinvolvement": (
        "person_id",
        "items_persondaycount",
        (
            ("items_personmention", "{row}.update_id", "update_id"),
            ("items_quote", "{row}.update_id", "update_id"),
            ("items_contribution", "{row}.update_id", "update_id"),
        ),
    ),
    "items_organizationinvolvement": (
        "organization_id",
        "items_organizationdaycount",
        (
            ("items_organizationmention", "{row}.update_id", "update_id"),
            ("items_quote", "{row}.update_id", "update_id"),
            ("items_credit", MEDIA_UPDATE, "media_id"),
            ("items_contribution", "{row}.update_id", "update_id"),
        ),
    ),
}


def confirmed_link(table: str, link: str, entity: str, update: str) -> str:
    """SQL: a confirmed row of the link table `link` joins `entity` to `update`."""
    column = KINDS[table][0]
    if link == "items_credit":
        return (
            "EXISTS (SELECT 1 FROM items_credit c JOIN items_media m "
            f"ON m.id = c.media_id WHERE c.{column} = {entity} "
            f"AND m.update_id = {update} AND c.is_confirmed)"
        )
    return (
        f"EXISTS (SELECT 1 FROM {link} l WHERE l.{column} = {entity} "
        f"AND l.update_id = {update} AND l.is_confirmed)"
    )


def public(table: str) -> str:
    """SQL: whether the row of `table` being updated is public."""
    column, _, links = KINDS[table]
    entity, update = f"{table}.{column}", f"{table}.update_id"
    linked = " OR ".join(
        confirmed_link(table, link, entity, update) for link, _, _ in links
    )
    return (
        f"(EXISTS (SELECT 1 FROM items_update u WHERE u.id = {update} "
        f"AND u.status = 'published') AND ({linked}))"
    )


def refresh(table: str, where: str) -> str:
    return f"UPDATE {table} SET is_public = {public(table)} WHERE {where};"


def refresh_pair(table: str, row: str, update: str) -> str:
    column = KINDS[table][0]
    return refresh(
        table, f"{column} = {row}.{column} AND update_id = {update.format(row=row)}"
    )


def day(vendor: str, row: str) -> str:
    if vendor == "postgresql":
        return f"({row}.published_at AT TIME ZONE 'UTC')::date"
    return f"date({row}.published_at)"


def count_out(table: str, vendor: str, row: str, when: str = "") -> str:
    """SQL: the involvement `row` leaves its entity's count for its day."""
    column, days, _ = KINDS[table]
    where = f"{column} = {row}.{column} AND day = {day(vendor, row)}"
    return (
        f"UPDATE {days} SET updates = updates - 1 WHERE {when}{where}; "
        f"DELETE FROM {days} WHERE {when}{where} AND updates = 0;"
    )


def count_in(table: str, vendor: str, row: str, when: str = "TRUE") -> str:
    """SQL: the involvement `row` joins its entity's count for its day."""
    column, days, _ = KINDS[table]
    return (
        f"INSERT INTO {days} ({column}, day, updates) "
        f"SELECT {row}.{column}, {day(vendor, row)}, 1 WHERE {when} "
        f"ON CONFLICT ({column}, day) DO UPDATE SET updates = {days}.updates + 1;"
    )


# For this migration and for a bulk load with the triggers off (items.synthetic):
# the flags, then the day counts, of the rows of updates from id `since` on, once
# per statement instead of once per row.
def fill_flags(since: int = 0) -> list[str]:
    return [refresh(table, f"update_id >= {int(since)}") for table in KINDS]


def fill_counts(vendor: str, since: int = 0) -> list[str]:
    return [
        f"INSERT INTO {days} ({column}, day, updates) "
        f"SELECT {column}, {day(vendor, table)}, count(*) FROM {table} "
        f"WHERE is_public AND update_id >= {int(since)} GROUP BY 1, 2 "
        f"ON CONFLICT ({column}, day) DO UPDATE "
        f"SET updates = {days}.updates + excluded.updates"
        for table, (column, days, _) in KINDS.items()
    ]


def postgresql() -> list[str]:
    statements = []
    for table, (column, days, links) in KINDS.items():
        for link, update, moved_by in links:
            name = f"{link}_{table.removeprefix('items_')}_public"
            statements += [
                f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN {refresh_pair(table, "OLD", update)}
                    END IF;
                    IF TG_OP <> 'DELETE' THEN {refresh_pair(table, "NEW", update)}
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql""",
                f"""CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF
                {column}, {moved_by}, is_confirmed ON {link}
                FOR EACH ROW EXECUTE FUNCTION {name}()""",
            ]
        # No trigger on a new pair itself, as SQLite needs: PostgreSQL fires a
        # table's triggers by name, so 0008's (items_quote_personinvolvement)
        # adds the pair before this one (…_public) sets its flag.
        statements += [
            f"""CREATE FUNCTION {days}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP <> 'INSERT' AND OLD.is_public THEN
                    {count_out(table, "postgresql", "OLD")}
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.is_public THEN
                    {count_in(table, "postgresql", "NEW")}
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {days} AFTER INSERT OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {days}()""",
            f"""CREATE TRIGGER {days}_update AFTER UPDATE OF is_public, published_at
            ON {table} FOR EACH ROW WHEN (OLD.is_public IS DISTINCT FROM
            NEW.is_public OR OLD.published_at IS DISTINCT FROM NEW.published_at)
            EXECUTE FUNCTION {days}()""",
        ]
    statements += [
        f"""CREATE FUNCTION items_update_public_involvement() RETURNS trigger AS $$
        BEGIN
            {" ".join(refresh(table, "update_id = NEW.id") for table in KINDS)}
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER items_update_public_involvement
        AFTER UPDATE OF status ON items_update FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION items_update_public_involvement()""",
        f"""CREATE FUNCTION items_media_public_involvement() RETURNS trigger AS $$
        BEGIN
            {MEDIA_MOVED.format(old="OLD", new="NEW")}
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER items_media_public_involvement
        AFTER UPDATE OF update_id ON items_media FOR EACH ROW
        EXECUTE FUNCTION items_media_public_involvement()""",
    ]
    return statements


MEDIA_MOVED = refresh(
    "items_organizationinvolvement",
    "update_id IN ({old}.update_id, {new}.update_id)",
)


def triggers() -> list[tuple[str, str]]:
    """Every trigger this migration makes, with its table (PostgreSQL names)."""
    names = []
    for table, (_, days, links) in KINDS.items():
        names += [
            (f"{link}_{table.removeprefix('items_')}_public", link)
            for link, _, _ in links
        ]
        names += [(f"{days}_update", table), (days, table)]
    return names + [
        ("items_update_public_involvement", "items_update"),
        ("items_media_public_involvement", "items_media"),
    ]


def postgresql_reverse() -> list[str]:
    return [
        statement
        for name, on in triggers()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {on}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def sqlite() -> list[str]:
    statements = []
    for table, (column, days, links) in KINDS.items():
        for link, update, moved_by in links:
            name = f"{link}_{table.removeprefix('items_')}_public"
            old, new = (refresh_pair(table, row, update) for row in ("old", "new"))
            statements += [
                f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {link} "
                f"BEGIN {new} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF "
                f"{column}, {moved_by}, is_confirmed ON {link} BEGIN {old} {new} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {link} "
                f"BEGIN {old} END",
            ]
        # SQLite fires a table's triggers in no documented order: a new pair
        # sets its own flag, in case 0008's trigger added it after this one ran.
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {table}_added AFTER INSERT ON {table} "
            f"BEGIN {refresh_pair(table, 'new', '{row}.update_id')} END",
            f"CREATE TRIGGER IF NOT EXISTS {days}_insert AFTER INSERT ON {table} "
            f"WHEN new.is_public BEGIN {count_in(table, 'sqlite', 'new')} END",
            f"CREATE TRIGGER IF NOT EXISTS {days}_delete AFTER DELETE ON {table} "
            f"WHEN old.is_public BEGIN {count_out(table, 'sqlite', 'old')} END",
            f"CREATE TRIGGER IF NOT EXISTS {days}_update AFTER UPDATE OF "
            f"is_public, published_at ON {table} WHEN old.is_public IS NOT "
            "new.is_public OR old.published_at IS NOT new.published_at BEGIN "
            f"{count_out(table, 'sqlite', 'old', when='old.is_public AND ')} "
            f"{count_in(table, 'sqlite', 'new', when='new.is_public')} END",
        ]
    statements += [
        "CREATE TRIGGER IF NOT EXISTS items_update_public_involvement "
        "AFTER UPDATE OF status ON items_update "
        "WHEN old.status IS NOT new.status BEGIN "
        f"{' '.join(refresh(table, 'update_id = new.id') for table in KINDS)} END",
        "CREATE TRIGGER IF NOT EXISTS items_media_public_involvement "
        "AFTER UPDATE OF update_id ON items_media BEGIN "
        f"{MEDIA_MOVED.format(old='old', new='new')} END",
    ]
    return statements


def sqlite_reverse() -> list[str]:
    names = []
    for table, (_, days, links) in KINDS.items():
        names += [
            f"{link}_{table.removeprefix('items_')}_public_{event}"
            for link, _, _ in links
            for event in ("insert", "update", "delete")
        ]
        names += [f"{table}_added"]
        names += [f"{days}_{event}" for event in ("insert", "delete", "update")]
    names += ["items_update_public_involvement", "items_media_public_involvement"]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, lambda vendor: [])(vendor):
            schema_editor.execute(statement)

    return operation


FORWARD = {
    "postgresql": lambda vendor: fill_flags() + fill_counts(vendor) + postgresql(),
    "sqlite": lambda vendor: fill_flags() + fill_counts(vendor) + sqlite(),
}
BACKWARD = {
    "postgresql": lambda vendor: postgresql_reverse(),
    "sqlite": lambda vendor: sqlite_reverse(),
}


def day_count(name: str, entity: str, to: str) -> migrations.CreateModel:
    return migrations.CreateModel(
        name=name,
        fields=[
            (
                "pk",
                models.CompositePrimaryKey(
                    entity,
                    "day",
                    blank=True,
                    editable=False,
                    primary_key=True,
                    serialize=False,
                ),
            ),
            ("day", models.DateField()),
            ("updates", models.PositiveIntegerField()),
            (
                entity,
                models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=to,
                ),
            ),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0015_events"),
        ("people", "0005_importer_provenance"),
    ]

    operations = [
        # Added in place: Django's SQLite backend would rebuild the tables for a
        # NOT NULL column, which fails while 0008's triggers name them.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name=model,
                    name="is_public",
                    field=models.BooleanField(db_default=False, default=False),
                )
                for model in ("personinvolvement", "organizationinvolvement")
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE {table} ADD COLUMN is_public boolean "
                    "NOT NULL DEFAULT false",
                    f"ALTER TABLE {table} DROP COLUMN is_public",
                )
                for table in KINDS
            ],
        ),
        migrations.AddIndex(
            model_name="personinvolvement",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["person", "-published_at", "-update"],
                name="items_person_public",
            ),
        ),
        migrations.AddIndex(
            model_name="organizationinvolvement",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["organization", "-published_at", "-update"],
                name="items_org_public",
            ),
        ),
        day_count("PersonDayCount", "person", "people.person"),
        day_count("OrganizationDayCount", "organization", "people.organization"),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
