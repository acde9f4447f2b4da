"""The facets of a place's subtree, kept: who, where and which story, counted ahead.

`/updates/facets/?place=<a country>` grouped every involvement, mention and
quote of the hundreds of thousands of updates about the country: 3.6 s at
1,000,000 updates (bench/README.md). items_facetcount now holds, for each place
(its `scope`) and each facet value, how many public updates reach the place's
subtree and carry the value; scope 0 is the whole archive. A facet is then the
top rows of one (scope, kind).

An update "reaches" the places it publicly mentions and all their ancestors
(Place.path): the places whose `?place=` filter finds it. It counts once per
place however many of its places lie inside. Its values are what the facets
count: its public persons and organizations (their involvement flag, 0016),
the places it publicly mentions, its story, and the channels of its public
quotes. The entity's own confirmation is checked by the reader, as the general
facets do.

Counting is deferred, not done per row: these triggers only note the update a
change touches (in items_facetrecount), whatever the change: a link, a status,
a story, a confirmation, a place moved in the tree. items.kept_facets.recount()
later takes a new snapshot of each noted update and adds to the counts the
difference from what it counted last time (its snapshot in items_updatefacets),
once per statement for the whole batch. The API recounts before it reads kept facets; bulk loads
recount at their end. A dump load thus costs one insert per row changed, not a
count per row.

Rendered for PostgreSQL and SQLite. A later migration that makes SQLite rebuild
one of these tables must drop the triggers first and create them again.
"""

from django.db import migrations, models

QUEUE = "INSERT INTO items_facetrecount (update_id) "
# The tables whose changes touch an update's facets, each with: the columns
# whose change matters; SQL selecting the touched updates' ids from the row;
# the condition for a change to count (None: any); and the condition for an
# insert or delete to count (None: any; False: rows are only ever changed).
LINK = "SELECT {row}.update_id"
QUOTED = "SELECT update_id FROM items_quote WHERE {column} = {row}.id AND channel <> ''"
MARKS = {
    "items_update": (
        ("status", "story_id"),
        "SELECT {row}.id",
        "{old}.status IS DISTINCT FROM {new}.status OR "
        "{old}.story_id IS DISTINCT FROM {new}.story_id",
        "{row}.status = 'published'",
    ),
    "items_placemention": (
        ("place_id", "update_id", "is_confirmed"),
        LINK,
        None,
        None,
    ),
    "items_quote": (
        ("channel", "is_confirmed", "update_id", "person_id", "organization_id"),
        LINK,
        None,
        "{row}.channel <> ''",
    ),
    "items_personinvolvement": (
        ("is_public",),
        LINK,
        "{old}.is_public IS DISTINCT FROM {new}.is_public",
        "{row}.is_public",
    ),
    "items_organizationinvolvement": (
        ("is_public",),
        LINK,
        "{old}.is_public IS DISTINCT FROM {new}.is_public",
        "{row}.is_public",
    ),
    # Only changed: a place, person or organization with links cannot be deleted,
    # and a new one has none.
    "places_place": (
        ("is_confirmed", "path"),
        "SELECT update_id FROM items_placemention WHERE place_id = {row}.id",
        "{old}.is_confirmed IS DISTINCT FROM {new}.is_confirmed OR "
        "{old}.path IS DISTINCT FROM {new}.path",
        False,
    ),
    # A quote is public only while its speaker is confirmed.
    "people_person": (
        ("is_confirmed",),
        QUOTED.replace("{column}", "person_id"),
        "{old}.is_confirmed IS DISTINCT FROM {new}.is_confirmed",
        False,
    ),
    "people_organization": (
        ("is_confirmed",),
        QUOTED.replace("{column}", "organization_id"),
        "{old}.is_confirmed IS DISTINCT FROM {new}.is_confirmed",
        False,
    ),
}


# Rows that can move from one update to another: both are touched.
MOVABLE = ("items_placemention", "items_quote")


def trigger_name(table: str) -> str:
    return f"{table}_facets"


def _mark(table: str, row: str) -> str:
    return f"{QUEUE}{MARKS[table][1].format(row=row)};"


def postgresql() -> list[str]:
    statements = []
    for table, (columns, _, changed, added) in MARKS.items():
        name = trigger_name(table)
        on_change = (
            f"{_mark(table, 'OLD')} {_mark(table, 'NEW')}"
            if table in MOVABLE
            else _mark(table, "NEW")
        )
        statements.append(
            f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN {_mark(table, "NEW")}
                ELSIF TG_OP = 'DELETE' THEN {_mark(table, "OLD")}
                ELSE {on_change}
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql"""
        )
        if added is not False:
            for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
                when = f" WHEN ({added.format(row=row)})" if added else ""
                statements.append(
                    f"CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table} "
                    f"FOR EACH ROW{when} EXECUTE FUNCTION {name}()"
                )
        when = f" WHEN ({changed.format(old='OLD', new='NEW')})" if changed else ""
        statements.append(
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {name}()"
        )
    return statements


def postgresql_reverse() -> list[str]:
    statements = []
    for name, table in triggers():
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for table in MARKS:
        statements.append(f"DROP FUNCTION IF EXISTS {trigger_name(table)}()")
    return statements


def triggers() -> list[tuple[str, str]]:
    """Every trigger this migration makes, with its table."""
    names = []
    for table, (_, _, _, added) in MARKS.items():
        events = ["update"] if added is False else ["insert", "delete", "update"]
        names += [(f"{trigger_name(table)}_{event}", table) for event in events]
    return names


def sqlite() -> list[str]:
    statements = []
    for table, (columns, _, changed, added) in MARKS.items():
        name = trigger_name(table)
        if added is not False:
            for event, row in (("INSERT", "new"), ("DELETE", "old")):
                when = f" WHEN {added.format(row=row)}" if added else ""
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {name}_{event.lower()} AFTER "
                    f"{event} ON {table}{when} BEGIN {_mark(table, row)} END"
                )
        when = (
            " WHEN "
            + changed.format(old="old", new="new").replace("IS DISTINCT FROM", "IS NOT")
            if changed
            else ""
        )
        marks = (
            f"{_mark(table, 'old')} {_mark(table, 'new')}"
            if table in MOVABLE
            else _mark(table, "new")
        )
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF "
            f"{', '.join(columns)} ON {table}{when} BEGIN {marks} END"
        )
    return statements


def sqlite_reverse() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in triggers()]


# What a recount runs (items.kept_facets), for each database. `{noted}` is the
# subquery of the updates it recounts.
DEPTHS = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(20))
PATH_STEP = 10  # places.models.PATH_STEP, as the paths were written
VISIBLE_MENTIONS = (
    "FROM items_placemention m JOIN places_place q ON q.id = m.place_id "
    "WHERE m.update_id = u.id AND m.is_confirmed AND q.is_confirmed"
)
# The places an update reaches: those it mentions, their ancestors (the steps
# of their paths), and 0 for the whole archive.
REACH = (
    "SELECT 0 AS scope "
    f"UNION SELECT q.id {VISIBLE_MENTIONS} "
    f"UNION SELECT CAST(substr(q.path, 1 + d.k * {PATH_STEP}, {PATH_STEP}) AS integer) "
    f"{VISIBLE_MENTIONS.replace('WHERE', f', ({DEPTHS}) d WHERE')} "
    f"AND d.k * {PATH_STEP} < length(q.path)"
)
VALUES = (
    "SELECT 'person' AS kind, CAST(i.person_id AS text) AS value "
    "FROM items_personinvolvement i WHERE i.update_id = u.id AND i.is_public "
    "UNION ALL SELECT 'organization', CAST(i.organization_id AS text) "
    "FROM items_organizationinvolvement i WHERE i.update_id = u.id AND i.is_public "
    f"UNION ALL SELECT 'place', CAST(q.id AS text) {VISIBLE_MENTIONS} "
    "UNION ALL SELECT 'story', CAST(u.story_id AS text) "
    "UNION ALL SELECT DISTINCT 'channel', c.channel FROM items_quote c "
    "LEFT JOIN people_person p ON p.id = c.person_id "
    "LEFT JOIN people_organization o ON o.id = c.organization_id "
    "WHERE c.update_id = u.id AND c.is_confirmed AND c.channel <> '' "
    "AND (p.id IS NULL OR p.is_confirmed) AND (o.id IS NULL OR o.is_confirmed)"
)
JSON = {
    "postgresql": {
        "reach": f"(SELECT json_agg(r.scope ORDER BY r.scope)::text FROM ({REACH}) r)",
        "values": "(SELECT json_agg(json_build_array(v.kind, v.value))::text "
        f"FROM ({VALUES}) v)",
        "each": "CROSS JOIN LATERAL json_array_elements_text(s.reach::json) r(scope) "
        "CROSS JOIN LATERAL json_array_elements(s.facets::json) v(pair)",
        "scope": "CAST(r.scope AS integer)",
        "kind": "v.pair->>0",
        "value": "v.pair->>1",
    },
    "sqlite": {
        "reach": f"(SELECT json_group_array(r.scope) FROM ({REACH} ORDER BY 1) r)",
        "values": "(SELECT json_group_array(json_array(v.kind, v.value)) "
        f"FROM ({VALUES}) v)",
        "each": ", json_each(s.reach) r, json_each(s.facets) v",
        "scope": "r.value",
        "kind": "json_extract(v.value, '$[0]')",
        "value": "json_extract(v.value, '$[1]')",
    },
}


def pairs(vendor: str, snapshots: str, sign: int, noted: str = "") -> str:
    """SQL: (scope, kind, value, `sign`) for each place each snapshot of the
    table `snapshots` reaches and each of its values; with `noted`, only for the
    snapshots of those updates."""
    sql = JSON[vendor]
    where = f" WHERE s.update_id IN ({noted})" if noted else ""
    return (
        f"SELECT {sql['scope']} AS scope, {sql['kind']} AS kind, "
        f"{sql['value']} AS value, {sign} AS n FROM {snapshots} s {sql['each']}"
        f"{where}"
    )


def recount(vendor: str, noted: str) -> list[str]:
    """SQL: snapshot the `noted` updates again (those public), add to the counts
    the difference from their last snapshots, and keep the new ones.

    Only the difference is written: an update saved without a change to its
    facets changes no count, and one person added changes one row per place it
    reaches. One upsert, in key order. A count that falls to 0 stays, as 0 (the
    reader skips it).
    """
    sql = JSON[vendor]
    return [
        "DROP TABLE IF EXISTS facet_snapshot",
        "CREATE TEMPORARY TABLE facet_snapshot AS "
        f"SELECT u.id AS update_id, {sql['reach']} AS reach, {sql['values']} AS facets "
        f"FROM items_update u WHERE u.id IN ({noted}) AND u.status = 'published'",
        "INSERT INTO items_facetcount (scope, kind, value, updates) "
        "SELECT scope, kind, value, sum(n) FROM ("
        f"{pairs(vendor, 'items_updatefacets', -1, noted)} UNION ALL "
        f"{pairs(vendor, 'facet_snapshot', 1)}) d WHERE true "
        "GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3 "
        "ON CONFLICT (scope, kind, value) DO UPDATE "
        "SET updates = items_facetcount.updates + excluded.updates",
        f"DELETE FROM items_updatefacets WHERE update_id IN ({noted})",
        "INSERT INTO items_updatefacets (update_id, reach, facets) "
        "SELECT update_id, reach, facets FROM facet_snapshot",
        "DROP TABLE facet_snapshot",
    ]


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in JSON:
        return
    for statement in recount(vendor, "SELECT id FROM items_update"):
        schema_editor.execute(statement)
    statements = postgresql() if vendor == "postgresql" else sqlite()
    for statement in statements:
        schema_editor.execute(statement)


def unfill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgresql_reverse, "sqlite": sqlite_reverse}
    for statement in statements.get(vendor, list)():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0018_story_of_public_updates"),
        ("people", "0005_importer_provenance"),
        ("places", "0005_gazetteer_load"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "scope",
                        "kind",
                        "value",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("scope", models.BigIntegerField()),
                ("kind", models.CharField(max_length=12)),
                ("value", models.CharField(max_length=64)),
                ("updates", models.IntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["scope", "kind", "-updates"],
                        name="items_facetcount_top",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="UpdateFacets",
            fields=[
                (
                    "update_id",
                    models.BigIntegerField(primary_key=True, serialize=False),
                ),
                ("reach", models.TextField()),
                ("facets", models.TextField()),
            ],
        ),
        migrations.CreateModel(
            name="FacetRecount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("update_id", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(fill, unfill, elidable=False),
    ]
