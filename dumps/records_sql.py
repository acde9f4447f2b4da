"""Update records built as JSON by PostgreSQL: the dump's path on PostgreSQL.

The statement is generated from dumps.shapes, so each record has the keys, order
and values the Python path gives it (tests/dumps/test_records_sql.py holds the
two together). Only the bytes differ: PostgreSQL writes `"key" : value`, which
JSON readers take the same way. DESIGN.md §7: JSON built in SQL and streamed
from a server-side cursor is the floor an export is measured against.
"""

from django.db import connection

from . import shapes

# As orjson writes datetimes: ISO 8601, "Z" for UTC, microseconds only if set.
# (%% is a literal % in a statement with parameters.)
DATETIME = """(to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN extract(microseconds FROM {0})::int %% 1000000 <> 0
       THEN to_char({0} AT TIME ZONE 'UTC', '.US') ELSE '' END || 'Z')"""


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


def _list(item: str, table: str, alias: str, joins: str, where: str, order: str) -> str:
    return (
        f"(SELECT coalesce(json_agg({item} ORDER BY {order}), '[]') "
        f"FROM {table} {alias} {joins} WHERE {where})"
    )


def _mentions(key: str, table: str, column: str, target: str) -> str:
    shape = shapes.UPDATE_PARTS[key]
    ref = shape.refs and next(iter(shape.refs))
    item = _object(shape, "m", refs={ref: "t.slug"})
    return _list(
        item,
        table,
        "m",
        f"JOIN {target} t ON t.id = m.{column}",
        "m.update_id = u.id",
        "m.id",
    )


def _update_object() -> str:
    parts = shapes.UPDATE_PARTS
    credit = _object(
        shapes.CREDIT,
        "c",
        refs={"person": "cp.slug", "organization": "co.slug"},
    )
    credits = _list(
        credit,
        "items_credit",
        "c",
        "LEFT JOIN people_person cp ON cp.id = c.person_id "
        "LEFT JOIN people_organization co ON co.id = c.organization_id",
        "c.media_id = md.id",
        "c.position, c.id",
    )
    media = _object(
        parts["media"], "md", refs={"place": "mp.slug"}, last=[f"'credits', {credits}"]
    )
    quote = _object(
        parts["quotes"], "q", refs={"person": "qp.slug", "organization": "qo.slug"}
    )
    contribution = _object(parts["contributions"], "ct", refs={"person": "cp.slug"})
    note = _object(
        parts["verification_notes"], "vn", refs={"quote": "vq.uid", "media": "vm.uid"}
    )
    correction = _object(parts["corrections"], "cr", refs={})
    lists = {
        "persons": _mentions(
            "persons", "items_personmention", "person_id", "people_person"
        ),
        "organizations": _mentions(
            "organizations",
            "items_organizationmention",
            "organization_id",
            "people_organization",
        ),
        "places": _mentions("places", "items_placemention", "place_id", "places_place"),
        "quotes": _list(
            quote,
            "items_quote",
            "q",
            "LEFT JOIN people_person qp ON qp.id = q.person_id "
            "LEFT JOIN people_organization qo ON qo.id = q.organization_id",
            "q.update_id = u.id",
            "q.position, q.id",
        ),
        "media": _list(
            media,
            "items_media",
            "md",
            "LEFT JOIN places_place mp ON mp.id = md.place_id",
            "md.update_id = u.id",
            "md.position, md.id",
        ),
        "contributions": _list(
            contribution,
            "items_contribution",
            "ct",
            "JOIN people_person cp ON cp.id = ct.person_id",
            "ct.update_id = u.id",
            "ct.id",
        ),
        "verification_notes": _list(
            note,
            "items_verificationnote",
            "vn",
            "LEFT JOIN items_quote vq ON vq.id = vn.quote_id "
            "LEFT JOIN items_media vm ON vm.id = vn.media_id",
            "vn.update_id = u.id",
            "vn.id",
        ),
        "corrections": _list(
            correction, "items_correction", "cr", "", "cr.update_id = u.id", "cr.id"
        ),
    }
    return _object(
        shapes.UPDATE,
        "u",
        first=["'type', 'update'"],
        refs={"story": "s.slug"},
        last=[f"'{key}', {lists[key]}" for key in parts],
    )


def update_lines(updates, *, progress=None, batch: int = 2_000):
    """The update records of `updates` as JSON lines, oldest first, streamed."""
    ids_sql, params = updates.order_by().values("id").query.sql_with_params()
    # json_agg() puts a line break between elements; JSON escapes any line break
    # inside a string, so every raw one is a separator and can go.
    sql = (
        f"SELECT replace({_update_object()}::text, E'\\n', '') FROM items_update u "
        "JOIN items_story s ON s.id = u.story_id "
        f"WHERE u.id IN ({ids_sql}) ORDER BY u.published_at, u.id"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            for (text,) in rows:
                yield text.encode() + b"\n"
            if progress:
                progress(len(rows))
