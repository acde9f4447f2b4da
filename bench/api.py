"""The research API against its floor, on PostgreSQL with a large archive.

For each case, the updates list (page of 100, persons, places and quotes embedded)
is requested through the full Django stack (test client) and compared with the
same page built by one hand-written SQL statement that returns the JSON from
PostgreSQL: the floor. Prints medians, query counts and ratios, then q on the
lists of quotes, media and contributions with the plan of each page's query, then
requests per second under load from a real server (gunicorn, 2 workers) with wrk
when installed. `--aggregates` measures only counts, timelines and facets, each
against a hand-written SQL floor and against the unfiltered list page (a).

    createdb -h 127.0.0.1 -U postgres newsarchive_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_api \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py generate_archive --updates 1000000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_api \\
        .venv/bin/python bench/api.py [--repeat 15] [--depth 10000] [--no-load]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsarchive_api"
)
SERVER_ENV = {
    "DATABASE_URL": BENCH_URL,
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "0",
    "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "API_ANON_RATE": "100000000/min",
    "API_USER_RATE": "100000000/min",
}
os.environ.update(SERVER_ENV, DJANGO_SETTINGS_MODULE="newsarchive.settings")

EXPAND = "persons,places,quotes"
PAGE = 100

# One statement that builds the page exactly as the API shapes it. {where} and
# {params} differ per case; the ordering and page size do not.
FLOOR_SQL = """
SELECT json_build_object('next', NULL, 'previous', NULL, 'results',
       coalesce(json_agg(page.item ORDER BY page.published_at DESC, page.id DESC),
                '[]'))
FROM (
  SELECT u.id, u.published_at, json_build_object(
    'id', u.id, 'story', s.slug, 'published_at', u.published_at,
    'date_precision', u.date_precision, 'headline', u.headline,
    'summary', u.summary, 'body', u.body, 'topic', u.topic,
    'language', u.language, 'url', u.url,
    'persons', (SELECT coalesce(json_agg(json_build_object(
          'slug', p.slug, 'name', p.name, 'rel', pm.rel, 'as_written', pm.as_written)
          ORDER BY pm.id), '[]')
        FROM items_personmention pm JOIN people_person p ON p.id = pm.person_id
        WHERE pm.update_id = u.id),
    'organizations', (SELECT coalesce(json_agg(o.slug ORDER BY om.id), '[]')
        FROM items_organizationmention om
        JOIN people_organization o ON o.id = om.organization_id
        WHERE om.update_id = u.id),
    'places', (SELECT coalesce(json_agg(json_build_object(
          'slug', pl.slug, 'name', pl.name, 'kind', pl.kind,
          'rel', plm.rel, 'as_written', plm.as_written) ORDER BY plm.id), '[]')
        FROM items_placemention plm JOIN places_place pl ON pl.id = plm.place_id
        WHERE plm.update_id = u.id),
    'quotes', (SELECT coalesce(json_agg(json_build_object(
          'id', q.id, 'update', q.update_id, 'text', q.text,
          'speaker', coalesce(qp.slug, qo.slug),
          'speaker_type', CASE WHEN q.person_id IS NOT NULL THEN 'person'
                               WHEN q.organization_id IS NOT NULL THEN 'organization'
                               ELSE 'description' END,
          'speaker_description', q.speaker_description,
          'speaker_roles', (SELECT coalesce(json_agg(a.title ||
                coalesce(', ' || coalesce(ao.name, aj.name), '') ORDER BY a.id), '[]')
              FROM people_affiliation a
              LEFT JOIN people_organization ao ON ao.id = a.organization_id
              LEFT JOIN places_place aj ON aj.id = a.jurisdiction_id
              WHERE a.person_id = q.person_id
                AND (a.started_on IS NULL OR a.started_on <=
                     coalesce(q.said_on, (u.published_at AT TIME ZONE 'UTC')::date))
                AND (a.ended_on IS NULL OR a.ended_on >=
                     coalesce(q.said_on, (u.published_at AT TIME ZONE 'UTC')::date))),
          'channel', q.channel, 'said_on', q.said_on, 'position', q.position)
          ORDER BY q.position, q.id), '[]')
        FROM items_quote q
        LEFT JOIN people_person qp ON qp.id = q.person_id
        LEFT JOIN people_organization qo ON qo.id = q.organization_id
        WHERE q.update_id = u.id),
    'media', (SELECT coalesce(json_agg(m.id ORDER BY m.position, m.id), '[]')
        FROM items_media m WHERE m.update_id = u.id)
  ) AS item
  FROM items_update u JOIN items_story s ON s.id = u.story_id {join}
  WHERE u.status = 'published' {where}
  ORDER BY {order}
  LIMIT 100
) page
"""

# The floors use the same index-shaped predicates as the API: a person's updates
# come from their involvements (one row per person and update, carrying its date),
# sorted on the involvement's columns; search reads the stored vector.
UPDATE_ORDER = "u.published_at DESC, u.id DESC"
PERSON_JOIN = "JOIN items_personinvolvement i ON i.update_id = u.id"
PERSON_WHERE = """AND i.person_id = %(person)s
  AND i.published_at >= %(after)s AND i.published_at < %(before)s"""
INVOLVEMENT_ORDER = "i.published_at DESC, i.update_id DESC"
ORGANIZATION_JOIN = "JOIN items_organizationinvolvement i ON i.update_id = u.id"
ORGANIZATION_WHERE = "AND i.organization_id = %(organization)s"
PLACE_WHERE = """AND u.id IN (
    SELECT update_id FROM items_placemention WHERE place_id IN (
        SELECT id FROM places_place WHERE id = %(place)s
        OR (path >= %(low)s AND path < %(high)s)))"""
SEARCH_WHERE = """AND u.search_document
    @@ websearch_to_tsquery('english'::regconfig, %(q)s)"""


def median_ms(run, repeat: int) -> float:
    run()  # warm up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description="Research API against its floor.")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--depth", type=int, default=10_000)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument(
        "--aggregates", action="store_true", help="counts, timelines and facets only"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from items.models import OrganizationInvolvement, PersonInvolvement, Update
    from places.models import Place, subtree_bounds

    settings.DEBUG = False
    client = Client()
    total = Update.objects.count()
    print(
        f"archive: {total:,} updates ({Update.objects.published().count():,} published)"
    )

    # The cases' parameters: a frequent person and their busiest year, the country
    # with the most places, a common word.
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from people.models import Organization, Person

    busiest = (
        PersonInvolvement.objects.values("person")
        .annotate(n=Count("update"))
        .order_by("-n")
        .first()
    )
    person, person_updates = Person.objects.get(pk=busiest["person"]), busiest["n"]
    # The person's busiest year, so the case fills a page (a year with only a few
    # of their updates measures Django's fixed cost against a tiny query).
    year = (
        PersonInvolvement.objects.filter(person=person)
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(n=Count("update"))
        .order_by("-n")
        .first()["year"]
    )
    country = max(
        Place.objects.filter(kind="country"),
        key=lambda c: Place.objects.inside(c).count(),
    )
    low, high = subtree_bounds(country.descendant_prefix)
    busiest = (
        OrganizationInvolvement.objects.values("organization")
        .annotate(n=Count("update"))
        .order_by("-n")
        .first()
    )
    organization = Organization.objects.get(pk=busiest["organization"])
    organization_updates = busiest["n"]
    word = "drone"
    # A word from the long tail of generated names: few updates hold it.
    rare = person.name.split()[-1]

    base = {"page_size": PAGE, "expand": EXPAND}
    after, before = f"{year}-01-01T00:00:00Z", f"{year + 1}-01-01T00:00:00Z"
    person_floor = {
        "join": PERSON_JOIN,
        "where": PERSON_WHERE,
        "order": INVOLVEMENT_ORDER,
    }
    cases = {
        "a unfiltered": (base, {}, {}),
        f"b person={person.slug} (in {person_updates:,} updates), {year}": (
            {
                **base,
                "person": person.slug,
                "published_after": after,
                "published_before": before,
            },
            person_floor,
            {"person": person.pk, "after": after, "before": before},
        ),
        f"c place={country.slug} (and inside)": (
            {**base, "place": country.slug},
            {"where": PLACE_WHERE},
            {"place": country.pk, "low": low, "high": high},
        ),
        f"d q={word} (in most updates)": (
            {**base, "q": word},
            {"where": SEARCH_WHERE},
            {"q": word},
        ),
        f"e organization={organization.slug} (in {organization_updates:,} updates)": (
            {**base, "organization": organization.slug},
            {
                "join": ORGANIZATION_JOIN,
                "where": ORGANIZATION_WHERE,
                "order": INVOLVEMENT_ORDER,
            },
            {"organization": organization.pk},
        ),
        f"f q={rare} (a name: no update text holds it)": (
            {**base, "q": rare},
            {"where": SEARCH_WHERE},
            {"q": rare},
        ),
    }

    if args.aggregates:
        aggregates(client, base, person, country, word, args.repeat)
        return

    rows = []
    for label, (query, floor_parts, params) in cases.items():
        url = "/api/v1/updates/?" + urlencode(query)
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        count = len(response.json()["results"])
        reset_queries()  # each request resets the log; count from empty
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        # Now: captured_queries reads the log lazily, and later requests reset it.
        query_count = len(queries)
        api_ms = median_ms(lambda url=url: client.get(url).content, args.repeat)
        sql = FLOOR_SQL.format(
            **({"join": "", "where": "", "order": UPDATE_ORDER} | floor_parts)
        )

        def floor(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]

        floor_ms = median_ms(floor, args.repeat)
        rows.append((label, count, api_ms, query_count, floor_ms))

    # Cursor depth: the unfiltered list at page `depth`, or the last full page;
    # then the busiest person's updates (all years) at their last full page.
    published = Update.objects.published().order_by("-published_at", "-id")
    depth = min(args.depth, published.count() // PAGE - 1)
    position = list(published.values_list("published_at", "id")[depth * PAGE])
    deep_ms = median_ms(deep_page(client, base, position), args.repeat)
    theirs = PersonInvolvement.objects.filter(
        person=person, update__status="published"
    ).order_by("-published_at", "-update")
    person_depth = theirs.count() // PAGE - 1
    person_base = {**base, "person": person.slug}
    person_first_ms = median_ms(
        lambda: client.get("/api/v1/updates/?" + urlencode(person_base)).content,
        args.repeat,
    )
    person_deep_ms = median_ms(
        deep_page(
            client,
            person_base,
            list(theirs.values_list("published_at", "update")[person_depth * PAGE]),
        ),
        args.repeat,
    )

    print(
        f"\nPage of {PAGE} updates with {EXPAND} embedded; median of {args.repeat}.\n"
    )
    print("| case | rows | API ms | queries | floor ms | API / floor | case / (a) |")
    print("|---|---|---|---|---|---|---|")
    first_ms = rows[0][2]
    for label, count, api_ms, queries, floor_ms in rows:
        print(
            f"| {label} | {count} | {api_ms:.1f} | {queries} | {floor_ms:.1f} "
            f"| {api_ms / floor_ms:.2f} | {api_ms / first_ms:.2f} |"
        )
    print(
        f"\ncursor at page {depth:,}: {deep_ms:.1f} ms, "
        f"{deep_ms / first_ms:.2f}x page 1 ({first_ms:.1f} ms)"
    )
    print(
        f"person={person.slug}, all years, cursor at page {person_depth:,}: "
        f"{person_deep_ms:.1f} ms, {person_deep_ms / person_first_ms:.2f}x their "
        f"page 1 ({person_first_ms:.1f} ms)"
    )

    search_items(client, {word: "a common word", rare: "in no text"}, args.repeat)

    if not args.no_load:
        load(
            {
                "a": "/api/v1/updates/?" + urlencode(base),
                "b": "/api/v1/updates/?" + urlencode(cases[list(cases)[1]][0]),
                "persons?name=": "/api/v1/persons/?" + urlencode({"name": person.name}),
            }
        )


# Floors for the aggregates: the same answers from one hand-written statement
# each, with the public rule as the API applies it (a published update; for a
# person, a confirmed link to a confirmed person).
PUBLIC_LINK = """EXISTS (SELECT 1 FROM items_personmention l
        WHERE l.update_id = i.update_id AND l.person_id = i.person_id
          AND l.is_confirmed)
    OR EXISTS (SELECT 1 FROM items_quote l
        WHERE l.update_id = i.update_id AND l.person_id = i.person_id
          AND l.is_confirmed)
    OR EXISTS (SELECT 1 FROM items_contribution l
        WHERE l.update_id = i.update_id AND l.person_id = i.person_id
          AND l.is_confirmed)"""
PERSON_TIMELINE_FLOOR = f"""
SELECT date_trunc('week', i.published_at AT TIME ZONE 'UTC') AS week, count(*)
FROM items_personinvolvement i JOIN items_update u ON u.id = i.update_id
WHERE i.person_id = %(person)s AND u.status = 'published' AND ({PUBLIC_LINK})
GROUP BY 1 ORDER BY 1"""
PERSON_COUNT_FLOOR = f"""
SELECT count(*)
FROM items_personinvolvement i JOIN items_update u ON u.id = i.update_id
WHERE i.person_id = %(person)s AND u.status = 'published' AND ({PUBLIC_LINK})"""
SEARCH_COUNT_FLOOR = """
SELECT count(*) FROM items_update u
WHERE u.status = 'published'
  AND u.search_document @@ websearch_to_tsquery('english'::regconfig, %(q)s)"""
SUBTREE = """SELECT pm.update_id FROM items_placemention pm
    JOIN places_place p ON p.id = pm.place_id
    WHERE pm.is_confirmed AND p.is_confirmed
      AND (p.id = %(place)s OR (p.path >= %(low)s AND p.path < %(high)s))"""
FACETS_FLOOR = f"""
WITH chosen AS (
  SELECT u.id, u.story_id FROM items_update u
  WHERE u.status = 'published' AND u.id IN ({SUBTREE})
)
(SELECT 'person', p.slug, count(*) FROM items_personinvolvement i
   JOIN chosen c ON c.id = i.update_id JOIN people_person p ON p.id = i.person_id
   WHERE p.is_confirmed AND ({PUBLIC_LINK})
   GROUP BY p.slug ORDER BY 3 DESC, 2 LIMIT 10)
UNION ALL
(SELECT 'place', p.slug, count(*) FROM items_placemention m
   JOIN chosen c ON c.id = m.update_id JOIN places_place p ON p.id = m.place_id
   WHERE m.is_confirmed AND p.is_confirmed
   GROUP BY p.slug ORDER BY 3 DESC, 2 LIMIT 10)
UNION ALL
(SELECT 'story', s.slug, count(*) FROM chosen c JOIN items_story s ON s.id = c.story_id
   GROUP BY s.slug ORDER BY 3 DESC, 2 LIMIT 10)"""


def note_change(place) -> None:
    """Note one public update about `place` for its facets to be counted again,
    as a trigger does when a curator edits it (items.kept_facets)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO items_facetrecount (update_id) SELECT m.update_id "
            "FROM items_placemention m WHERE m.place_id = %s LIMIT 1",
            [place.pk],
        )


def aggregates(client, base: dict, person, country, word: str, repeat: int) -> None:
    """Counts, timelines and facets, each against its floor and the list page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from places.models import subtree_bounds

    low, high = subtree_bounds(country.descendant_prefix)
    list_url = "/api/v1/updates/?" + urlencode(base)
    list_ms = median_ms(lambda: client.get(list_url).content, repeat)
    cases = [
        (
            f"timeline by week, person={person.slug}, all years",
            "/api/v1/updates/timeline/?"
            + urlencode({"interval": "week", "person": person.slug}),
            PERSON_TIMELINE_FLOOR,
            {"person": person.pk},
        ),
        (
            f"facets person,place,story of place={country.slug} (and inside)",
            "/api/v1/updates/facets/?"
            + urlencode({"facet": "person,place,story", "place": country.slug}),
            FACETS_FLOOR,
            {"place": country.pk, "low": low, "high": high},
        ),
        (
            f"facets person,place,story of place={country.slug}, one update "
            "changed since counted",
            "/api/v1/updates/facets/?"
            + urlencode({"facet": "person,place,story", "place": country.slug}),
            FACETS_FLOOR,
            {"place": country.pk, "low": low, "high": high},
        ),
        (
            f"count, person={person.slug}",
            "/api/v1/updates/count/?" + urlencode({"person": person.slug}),
            PERSON_COUNT_FLOOR,
            {"person": person.pk},
        ),
        (
            f"count, q={word}",
            "/api/v1/updates/count/?" + urlencode({"q": word}),
            SEARCH_COUNT_FLOOR,
            {"q": word},
        ),
    ]
    print(
        f"\nAggregates of updates; median of {repeat}. (a): {list_ms:.1f} ms. Cold:"
        " computed (the kept answers forgotten before each request); kept: the "
        "answer kept since the archive last changed (newsarchive.aggregate_cache).\n"
    )
    print(
        "| request | cold ms | floor ms | cold / floor | cold / (a) "
        "| kept ms | kept / (a) |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, url, sql, params in cases:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]

        changed = "changed since counted" in label

        def cold(url=url, changed=changed):
            cache.clear()
            if changed:  # what a curator's edit leaves: the request recounts it
                note_change(country)
            return client.get(url).content

        api_ms = median_ms(cold, repeat)
        kept_ms = median_ms(lambda url=url: client.get(url).content, repeat)

        def floor(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        floor_ms = median_ms(floor, repeat)
        print(
            f"| {label} | {api_ms:.1f} | {floor_ms:.1f} | {api_ms / floor_ms:.2f} "
            f"| {api_ms / list_ms:.2f} | {kept_ms:.2f} | {kept_ms / list_ms:.2f} |"
        )
        # Whether the API's statements or the floor read rows of items_update
        # (its heap): a sequential, bitmap or plain index scan does; an
        # index-only scan reads the index alone.
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        # The reads: not transaction control, nor a recount's temporary tables.
        statements = [
            (q["sql"], None)
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            and "facet_noted" not in q["sql"]
        ]
        for who, (statement, values) in zip(
            ["API"] * len(statements) + ["floor"],
            [*statements, (sql, params)],
            strict=True,
        ):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + statement, values)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            reads = sorted(
                line.split("->")[-1].split(" on ")[0].split(" using ")[0].strip()
                for line in plan.splitlines()
                if " on items_update " in line and "Index Only Scan" not in line
            )
            if reads:
                print(
                    f"|   ({who}'s plan reads items_update rows ({', '.join(reads)}): "
                    f"{label}) |||||||"
                )


def search_items(client, words: dict[str, str], repeat: int) -> None:
    """q on quotes, media and contributions, and how PostgreSQL runs each page.

    Quotes and media match by their own stored, GIN-indexed vector; contributions
    through their update's (a semi-join).
    """
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    print(f"\nq on the other lists, page of {PAGE}; median of {repeat}.\n")
    print("| request | rows | API ms | queries | page query (PostgreSQL) |")
    print("|---|---|---|---|---|")
    for resource in ("quotes", "media", "contributions"):
        for word, where in {None: "", **words}.items():
            query = {"page_size": PAGE} | ({"q": word} if word else {})
            url = f"/api/v1/{resource}/?" + urlencode(query)
            response = client.get(url)
            assert response.status_code == 200, response.content[:500]
            count = len(response.json()["results"])
            reset_queries()  # each request resets the log; count from empty
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            sql = [query["sql"] for query in queries.captured_queries]
            how = "-"
            if word:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN " + sql[0])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                index = re.search(r"Bitmap Index Scan on (\w+)", plan)
                how = (
                    f"GIN index {index.group(1)}"
                    if index
                    else "newest first, checking the stored vector"
                )
            api_ms = median_ms(lambda url=url: client.get(url).content, repeat)
            label = f"/{resource}/" + (f"?q={word} ({where})" if word else "")
            print(f"| {label} | {count} | {api_ms:.1f} | {len(sql)} | {how} |")


def deep_page(client, query: dict, position: list):
    """A request for the page of /api/v1/updates/ that starts after `position`."""
    from newsarchive.pagination import encode_cursor

    url = "/api/v1/updates/?" + urlencode(
        {**query, "cursor": encode_cursor(False, position)}
    )
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert len(response.json()["results"]) == PAGE
    return lambda: client.get(url).content


def load(paths: dict[str, str]) -> None:
    if not shutil.which("wrk"):
        print("\nwrk is not installed (apt-get install wrk): no load figures.")
        return
    port = "8765"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "newsarchive.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    try:
        time.sleep(3)
        print(
            "\nUnder load: gunicorn, 2 workers; wrk, 2 threads, 8 connections, 10 s.\n"
        )
        print("| request | requests/s | median latency |")
        print("|---|---|---|")
        for label, path in paths.items():
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c8",
                    "-d10s",
                    "--latency",
                    f"http://127.0.0.1:{port}{path}",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            note = f" ({errors.group(1)} non-2xx!)" if errors else ""
            print(f"| {label} | {float(rps):.1f}{note} | {p50} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
