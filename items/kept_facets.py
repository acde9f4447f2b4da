"""Facets of a place's subtree (or of the whole archive), counted ahead.

Triggers (migration 0019) note each update a change touches; recount() brings
the counts of the noted updates up to date, a batch at a time, and top() reads
the most frequent values of a facet for a place. items.api.aggregates uses them
for a public facet request that asks for one place or for nothing at all.
"""

import importlib

from django.db import connections, transaction

MIGRATION = importlib.import_module("items.migrations.0019_facet_counts")
# A request counts at most this many notes (a second or so at a million
# updates); while more wait, it answers the general way, and each request (or
# `manage.py recount_facets`, or the next bulk load) takes the next batch.
RECOUNT_IN_REQUEST = 2_000
# Only one recount at a time: each takes snapshots out and puts them back.
LOCK = 190_019


def _one_at_a_time(cursor) -> None:
    """Wait for any other recount to commit (PostgreSQL; SQLite has one writer)."""
    if cursor.db.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        # Compiling a batch's statements (JIT) costs more than running them.
        cursor.execute("SET LOCAL jit = off")


def recount(using: str = "default", *, most: int | None = None) -> int:
    """Count the noted updates again (with `most`, only the oldest `most` notes);
    returns how many updates it counted."""
    return _recount(using, most)[0]


def caught_up(using: str = "default", *, most: int = RECOUNT_IN_REQUEST) -> bool:
    """Count the oldest `most` noted updates; whether no older note is left.

    A replica (newsarchive.replicas) is read only: the primary counts, and the
    replica's counts are up to date once it holds no note either.
    """
    if using != "default" and connections[using].vendor in MIGRATION.JSON:
        if _recount("default", most)[1]:
            return False
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT max(id) FROM items_facetrecount")
            return cursor.fetchone()[0] is None
    return not _recount(using, most)[1]


def _recount(using: str, most: int | None) -> tuple[int, bool]:
    """(updates counted, whether notes beyond `most` were left)."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in MIGRATION.JSON:
        return 0, False
    with connection.cursor() as cursor:
        # Nothing noted, the usual case: one read of the index, no transaction.
        cursor.execute("SELECT max(id) FROM items_facetrecount")
        if cursor.fetchone()[0] is None:
            return 0, False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _one_at_a_time(cursor)
        # The notes this recount takes: those committed now, set apart, for a
        # note committed while it runs must not join it halfway (PostgreSQL's
        # statements each see what is committed when they start). That note
        # stays for the next recount.
        cursor.execute("SELECT min(id), max(id) FROM items_facetrecount")
        first, last = cursor.fetchone()
        if last is None:  # another recount took them meanwhile
            return 0, False
        left = most is not None and last > first + most - 1
        if left:
            last = first + most - 1  # ids have gaps: at most `most` notes
        cursor.execute("DROP TABLE IF EXISTS facet_noted")
        cursor.execute(
            "CREATE TEMPORARY TABLE facet_noted (update_id bigint PRIMARY KEY)"
        )
        if vendor == "postgresql":
            # Taken in one statement: a note committed after it stays queued.
            cursor.execute(
                "WITH taken AS (DELETE FROM items_facetrecount WHERE id <= %s "
                "RETURNING update_id) INSERT INTO facet_noted (update_id) "
                "SELECT DISTINCT update_id FROM taken",
                [last],
            )
            taken = cursor.rowcount
            cursor.execute("ANALYZE facet_noted")  # a temporary table has no statistics
        else:  # SQLite runs one writer at a time (IMMEDIATE transactions).
            cursor.execute(
                "INSERT INTO facet_noted (update_id) SELECT DISTINCT update_id "
                "FROM items_facetrecount WHERE id <= %s",
                [last],
            )
            taken = cursor.rowcount
            cursor.execute("DELETE FROM items_facetrecount WHERE id <= %s", [last])
        for statement in MIGRATION.recount(vendor, "SELECT update_id FROM facet_noted"):
            cursor.execute(statement)
        cursor.execute("DROP TABLE facet_noted")
        return taken, left


def recount_all(using: str = "default") -> int:
    """Count every update's facets from scratch, whatever the counts hold."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        _one_at_a_time(cursor)
        cursor.execute("DELETE FROM items_facetcount")
        cursor.execute("DELETE FROM items_updatefacets")
        cursor.execute(
            "INSERT INTO items_facetrecount (update_id) SELECT id FROM items_update"
        )
        return recount(using)


# Each facet's label, and the entity a value names (None: the value is its own).
ENTITIES = {
    "person": ("people_person", "name", True),
    "organization": ("people_organization", "name", True),
    "place": ("places_place", "name", True),
    "story": ("items_story", "title", False),
    "channel": None,
}


def top(scope: int, kind: str, limit: int, using: str = "default") -> list[tuple]:
    """The `limit` most frequent values of facet `kind` among the public updates
    that reach place `scope` (0: all), as (slug or channel, label, updates);
    ties by slug. A person, organization or place counts only while confirmed."""
    if ENTITIES[kind] is None:
        sql = (
            "SELECT c.value, c.value, c.updates FROM items_facetcount c "
            "WHERE c.scope = %s AND c.kind = %s AND c.updates > 0 "
            "ORDER BY c.updates DESC, c.value LIMIT %s"
        )
    else:
        table, label, confirmed = ENTITIES[kind]
        sql = (
            f"SELECT e.slug, e.{label}, c.updates FROM items_facetcount c "
            f"JOIN {table} e ON e.id = CAST(c.value AS bigint) "
            "WHERE c.scope = %s AND c.kind = %s AND c.updates > 0 "
            f"{'AND e.is_confirmed ' if confirmed else ''}"
            "ORDER BY c.updates DESC, e.slug LIMIT %s"
        )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [scope, kind, limit])
        return cursor.fetchall()
