"""Update records built as JSON by PostgreSQL: the dump's path on PostgreSQL.

The statement is generated from dumps.shapes, so each record has the keys, order
and values the Python path gives it (tests/dumps/test_records_sql.py holds the
two together). PostgreSQL writes `"key" : value`, so each line is written again
by orjson (`compact()`), as the Python path writes it: a dump's bytes, and its
checksum, are the same from either database, and a cited release can be checked
on any installation. DESIGN.md §7: JSON built in SQL and streamed from a
server-side cursor is the floor an export is measured against.
"""

import re

import orjson
from django.db import connections

from items.api.rows_sql import DATETIME
from newsarchive.public import confirmed_sql

from . import shapes


# The API's datetime expression: ISO 8601, "Z" for UTC, microseconds only if set,
# which is how orjson writes them in the Python path too.
def _value(shape, alias: str, name: str) -> str:
    field = shape.model._meta.get_field(name)
    column = f"{alias}.{field.column}"
    if field.get_internal_type() == "DateTimeField":
        return (
            f"CASE WHEN {column} IS NULL THEN NULL ELSE {DATETIME.format(column)} END"
        )
    if field.get_internal_type() == "DecimalField":
        return f"{column}::float8"
    return column


def _object(shape, alias: str, *, first=(), refs: dict[str, str], last=()) -> str:
    """json_build_object() of `shape`'s fields then references, as Shape.record."""
    pairs = [*first]
    pairs += [f"'{name}', {_value(shape, alias, name)}" for name in shape.fields]
    pairs += [f"'{key}', {refs[key]}" for key in shape.refs]
    pairs += [*last]
    return "json_build_object(" + ", ".join(pairs) + ")"


def _grouped(
    name: str,
    item: str,
    table: str,
    alias: str,
    joins: str,
    key: str,
    order: str,
    shown: str = "",
) -> str:
    """A CTE `name` of (key, items): `item`s of `table` aggregated per `key`;
    `shown` is the SQL condition a row must also meet, if any."""
    return (
        f"{name} AS (SELECT {alias}.{key} AS key, json_agg({item} ORDER BY {order}) "
        f"AS items FROM {table} {alias} {joins} "
        f"WHERE {{chosen:{alias}.{key}}} {shown} GROUP BY {alias}.{key})"
    )


def _mentions(key: str, table: str, column: str, target: str, public: bool) -> str:
    shape = shapes.UPDATE_PARTS[key]
    ref = next(iter(shape.refs))
    item = _object(shape, "m", refs={ref: "t.slug"})
    return _grouped(
        key,
        item,
        table,
        "m",
        f"JOIN {target} t ON t.id = m.{column}",
        "update_id",
        "m.id",
        _shown(public, "m", "t"),
    )


def _shown(public: bool, alias: str, *required: str, optional=()) -> str:
    """AND the rows are public: `alias` confirmed, and each row joined as
    `required` (and as `optional`, when it is there) confirmed too."""
    if not public:
        return ""
    conditions = [confirmed_sql(alias), *map(confirmed_sql, required)]
    conditions += [confirmed_sql(other, optional=True) for other in optional]
    return "AND " + " AND ".join(conditions)


def update_statement(chosen, *, public: bool = False) -> str:
    """SELECT the record lines of the updates `chosen(column)` (SQL) accepts;
    with `public`, only what newsarchive.public shows of them.

    Each part is aggregated once per statement with GROUP BY, not once per update
    by a correlated subquery: the per-update subqueries' start-up cost was most
    of the time.
    """
    parts = shapes.UPDATE_PARTS
    # A public record's reference to a hidden one is null: joined only if shown.
    place_shown = "AND mp.is_confirmed" if public else ""
    quote_shown = (
        "AND vq.is_confirmed AND NOT EXISTS (SELECT FROM people_person p "
        "WHERE p.id = vq.person_id AND NOT p.is_confirmed) "
        "AND NOT EXISTS (SELECT FROM people_organization o "
        "WHERE o.id = vq.organization_id AND NOT o.is_confirmed)"
        if public
        else ""
    )
    credit = _object(
        shapes.CREDIT, "c", refs={"person": "cp.slug", "organization": "co.slug"}
    )
    media = _object(
        parts["media"],
        "md",
        refs={"place": "mp.slug"},
        last=["'credits', coalesce(mc.items, '[]')"],
    )
    quote = _object(
        parts["quotes"], "q", refs={"person": "qp.slug", "organization": "qo.slug"}
    )
    contribution = _object(
        parts["contributions"],
        "ct",
        refs={"person": "tp.slug", "organization": "tn.slug"},
    )
    note = _object(
        parts["verification_notes"], "vn", refs={"quote": "vq.uid", "media": "vm.uid"}
    )
    correction = _object(parts["corrections"], "cr", refs={})
    ctes = [
        _mentions(
            "persons", "items_personmention", "person_id", "people_person", public
        ),
        _mentions(
            "organizations",
            "items_organizationmention",
            "organization_id",
            "people_organization",
            public,
        ),
        _mentions("places", "items_placemention", "place_id", "places_place", public),
        _grouped(
            "quotes",
            quote,
            "items_quote",
            "q",
            "LEFT JOIN people_person qp ON qp.id = q.person_id "
            "LEFT JOIN people_organization qo ON qo.id = q.organization_id",
            "update_id",
            "q.position, q.id",
            _shown(public, "q", optional=("qp", "qo")),
        ),
        # Credits per media item, for the media of the chosen updates.
        "media_credits AS (SELECT c.media_id AS key, "
        f"json_agg({credit} ORDER BY c.position, c.id) AS items "
        "FROM items_credit c "
        "LEFT JOIN people_person cp ON cp.id = c.person_id "
        "LEFT JOIN people_organization co ON co.id = c.organization_id "
        "WHERE c.media_id IN (SELECT id FROM items_media "
        "WHERE {chosen:update_id}) "
        f"{_shown(public, 'c', optional=('cp', 'co'))} GROUP BY c.media_id)",
        _grouped(
            "media",
            media,
            "items_media",
            "md",
            f"LEFT JOIN places_place mp ON mp.id = md.place_id {place_shown} "
            "LEFT JOIN media_credits mc ON mc.key = md.id",
            "update_id",
            "md.position, md.id",
        ),
        _grouped(
            "contributions",
            contribution,
            "items_contribution",
            "ct",
            "LEFT JOIN people_person tp ON tp.id = ct.person_id "
            "LEFT JOIN people_organization tn ON tn.id = ct.organization_id",
            "update_id",
            "ct.id",
            _shown(public, "ct", optional=("tp", "tn")),
        ),
        _grouped(
            "verification_notes",
            note,
            "items_verificationnote",
            "vn",
            f"LEFT JOIN items_quote vq ON vq.id = vn.quote_id {quote_shown} "
            "LEFT JOIN items_media vm ON vm.id = vn.media_id",
            "update_id",
            "vn.id",
        ),
        _grouped(
            "corrections",
            correction,
            "items_correction",
            "cr",
            "",
            "update_id",
            "cr.id",
        ),
    ]
    record = _object(
        shapes.UPDATE,
        "u",
        first=["'type', 'update'"],
        refs={"story": "s.slug"},
        last=[f"'{key}', coalesce({key}.items, '[]')" for key in parts],
    )
    joins = " ".join(f"LEFT JOIN {key} ON {key}.key = u.id" for key in parts)
    # json_agg() puts a line break between elements; JSON escapes any line break
    # inside a string, so every raw one is a separator and can go.
    statement = (
        f"WITH {', '.join(ctes)} "
        f"SELECT replace({record}::text, E'\\n', '') FROM items_update u "
        f"JOIN items_story s ON s.id = u.story_id {joins} "
        "WHERE {chosen:u.id} ORDER BY u.published_at, u.id"
    )
    # Each {chosen:column} becomes the condition on that column.
    return re.sub(r"\{chosen:([\w.]+)\}", lambda m: chosen(m[1]), statement)


def update_lines(updates, *, progress=None, batch: int = 2_000, public=False):
    """The update records of `updates` as JSON lines, oldest first, streamed.

    Ids come from a server-side cursor; each batch of them is one statement, which
    reaches each part by its update's index: the plan for a slice.
    """
    statement = update_statement(
        lambda column: f"{column} = ANY(%(ids)s)", public=public
    )
    ids = updates.order_by("published_at", "id").values_list("id", flat=True)
    batch_of_ids = []
    with connections[updates.db].cursor() as cursor:
        for pk in ids.iterator(chunk_size=batch):
            batch_of_ids.append(pk)
            if len(batch_of_ids) == batch:
                yield from _run(cursor, statement, batch_of_ids, progress)
                batch_of_ids = []
        if batch_of_ids:
            yield from _run(cursor, statement, batch_of_ids, progress)


def _run(cursor, statement: str, ids: list[int], progress):
    cursor.execute(statement, {"ids": ids})
    for (text,) in cursor.fetchall():
        yield compact(text)
    if progress:
        progress(len(ids))


def compact(text) -> bytes:
    """A record's JSON text as orjson writes it, with its line break: PostgreSQL's
    spacing out, keys in their order (about a tenth of an export's time)."""
    return orjson.dumps(orjson.loads(text)) + b"\n"
