"""Update list rows built as JSON by PostgreSQL: the list's path on PostgreSQL.

One statement per page returns each update's JSON in the shape UpdateSerializer
gives it (DESIGN.md §7: building JSON in SQL is the floor the API is measured
against). tests/items/test_api_rows.py holds it to the serializer on PostgreSQL.
"""

import orjson
from django.db import connections

from newsarchive.public import confirmed_sql

# DRF writes datetimes as ISO 8601 with "Z" for UTC and microseconds only if set.
DATETIME = """(to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN extract(microseconds FROM {0})::int %% 1000000 <> 0
       THEN to_char({0} AT TIME ZONE 'UTC', '.US') ELSE '' END || 'Z')"""


def _links(table, target_table, column, expand: bool, summary: str, public) -> str:
    shown = f"AND {confirmed_sql('m')} AND {confirmed_sql('t')}" if public else ""
    item = (
        f"json_build_object({summary}, 'rel', m.rel, 'as_written', m.as_written)"
        if expand
        else "t.slug"
    )
    return f"""(SELECT coalesce(json_agg({item} ORDER BY m.id), '[]')
        FROM {table} m JOIN {target_table} t ON t.id = m.{column}
        WHERE m.update_id = u.id {shown})"""


QUOTE = """json_build_object(
    'id', q.id, 'update', q.update_id, 'text', q.text,
    'speaker', coalesce(qp.slug, qo.slug),
    'speaker_type', CASE WHEN q.person_id IS NOT NULL THEN 'person'
        WHEN q.organization_id IS NOT NULL THEN 'organization'
        ELSE 'description' END,
    'speaker_description', q.speaker_description,
    'speaker_roles', (SELECT coalesce(json_agg(
            a.title || coalesce(', ' || coalesce(ao.name, aj.name), '')
            ORDER BY a.started_on, a.id), '[]')
        FROM people_affiliation a
        LEFT JOIN people_organization ao ON ao.id = a.organization_id
        LEFT JOIN places_place aj ON aj.id = a.jurisdiction_id
        WHERE a.person_id = q.person_id
          AND (a.started_on IS NULL OR a.started_on <=
               coalesce(q.said_on, (u.published_at AT TIME ZONE 'UTC')::date))
          AND (a.ended_on IS NULL OR a.ended_on >=
               coalesce(q.said_on, (u.published_at AT TIME ZONE 'UTC')::date))
          {roles_shown}),
    'channel', q.channel, 'reported', q.reported, 'said_on', q.said_on,
    'position', q.position)"""

MEDIA = """json_build_object(
    'id', md.id, 'update', md.update_id, 'kind', md.kind, 'caption', md.caption,
    'credit_line', md.credit_line,
    'credits', (SELECT coalesce(json_agg(json_build_object(
            'position', c.position, 'role', c.role,
            'party', coalesce(cp.slug, co.slug),
            'party_type', CASE WHEN c.person_id IS NOT NULL THEN 'person'
                ELSE 'organization' END,
            'as_written', c.as_written) ORDER BY c.position, c.id), '[]')
        FROM items_credit c
        LEFT JOIN people_person cp ON cp.id = c.person_id
        LEFT JOIN people_organization co ON co.id = c.organization_id
        WHERE c.media_id = md.id {credits_shown}),
    'place', mp.slug, 'verification', md.verification, 'url', md.url,
    'position', md.position)"""


def _all_shown(alias: str, *, optional: tuple[str, ...]) -> str:
    """AND: the row `alias` is confirmed, and each joined row in `optional` too."""
    conditions = [confirmed_sql(alias)]
    conditions += [confirmed_sql(other, optional=True) for other in optional]
    return "AND " + " AND ".join(conditions)


def update_json_sql(expand: set[str], public: bool = True) -> str:
    """The statement; with `public`, it keeps to what newsarchive.public shows."""
    if public:
        roles_shown = _all_shown("a", optional=("ao", "aj"))
        credits_shown = _all_shown("c", optional=("cp", "co"))
        quotes_shown = _all_shown("q", optional=("qp", "qo"))
        place_shown = f"AND {confirmed_sql('mp')}"
    else:
        roles_shown = credits_shown = quotes_shown = place_shown = ""
    story = (
        "json_build_object('slug', s.slug, 'title', s.title, 'kind', s.kind)"
        if "story" in expand
        else "s.slug"
    )
    quotes = (
        QUOTE.replace("{roles_shown}", roles_shown) if "quotes" in expand else "q.id"
    )
    media = (
        MEDIA.replace("{credits_shown}", credits_shown)
        if "media" in expand
        else "md.id"
    )
    return f"""
SELECT u.id, json_build_object(
    'id', u.id, 'story', {story},
    'published_at', {DATETIME.format("u.published_at")},
    'date_precision', u.date_precision, 'headline', u.headline,
    'summary', u.summary, 'body', u.body, 'topic', u.topic,
    'language', u.language, 'url', u.url,
    'persons', {
        _links(
            "items_personmention",
            "people_person",
            "person_id",
            "persons" in expand,
            "'slug', t.slug, 'name', t.name",
            public,
        )
    },
    'organizations', {
        _links(
            "items_organizationmention",
            "people_organization",
            "organization_id",
            "organizations" in expand,
            "'slug', t.slug, 'name', t.name, 'kind', t.kind",
            public,
        )
    },
    'places', {
        _links(
            "items_placemention",
            "places_place",
            "place_id",
            "places" in expand,
            "'slug', t.slug, 'name', t.name, 'kind', t.kind",
            public,
        )
    },
    'quotes', (SELECT coalesce(json_agg({quotes} ORDER BY q.position, q.id), '[]')
        FROM items_quote q
        LEFT JOIN people_person qp ON qp.id = q.person_id
        LEFT JOIN people_organization qo ON qo.id = q.organization_id
        WHERE q.update_id = u.id {quotes_shown}),
    'media', (SELECT coalesce(json_agg({media} ORDER BY md.position, md.id), '[]')
        FROM items_media md
        LEFT JOIN places_place mp ON mp.id = md.place_id {place_shown}
        WHERE md.update_id = u.id)
)::text
FROM items_update u JOIN items_story s ON s.id = u.story_id
WHERE u.id = ANY(%s)
"""


def update_rows_from_sql(
    ids: list[int], *, expand: set[str], using: str, raw: bool = False, public=True
) -> list:
    """The API representation of the updates `ids`, in that order: one query.

    With `raw`, each row stays the JSON text PostgreSQL made, as an orjson
    Fragment that the JSON renderer writes out without parsing it again.
    """
    if not ids:
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(update_json_sql(expand, public), [ids])
        by_id = {pk: text for pk, text in cursor.fetchall()}
    if raw:
        return [orjson.Fragment(by_id[pk]) for pk in ids]
    return [orjson.loads(by_id[pk]) for pk in ids]
