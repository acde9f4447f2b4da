"""Counts, timelines and facets agree with the lists they summarize.

Each aggregate is checked against the plain answer: every page of the list with
the same filters, read to the end and counted here. Run on SQLite and on
PostgreSQL, the two databases must give the same numbers.
"""

import datetime
import itertools

import pytest

from items.api.aggregates import FACETS
from items.models import Update
from people.models import Person

from .items.factories import (
    EventFactory,
    PersonMentionFactory,
    QuoteFactory,
    UpdateFactory,
    full_updates,
)
from .test_api import LISTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(demo):
    """The demo, a few full updates, and what the public must not count."""
    full_updates(4)
    draft = UpdateFactory(status=Update.Status.DRAFT, headline="A draft")
    PersonMentionFactory(update=draft)
    QuoteFactory(update=draft)
    first = Update.objects.published().order_by("pk").first()
    QuoteFactory(update=first, is_confirmed=False)
    EventFactory(status="draft")
    EventFactory(is_confirmed=False)


def every_row(client, resource: str, params: dict) -> list[dict]:
    rows, url, query = [], f"/api/v1/{resource}/", {**params, "page_size": 3}
    while url:
        page = client.get(url, query)
        assert page.status_code == 200, page.json()
        rows += page.json()["results"]
        url, query = page.json()["next"], {}
    return rows


def count(client, resource: str, params: dict) -> int:
    response = client.get(f"/api/v1/{resource}/", {**params, "count": "true"})
    assert response.status_code == 200, response.json()
    twin = client.get(f"/api/v1/{resource}/count/", params)
    assert twin.json() == response.json()
    return response.json()["count"]


FILTERED = [
    ("updates", {"person": "vyacheslav-gladkov"}),
    ("updates", {"place": "russia"}),
    ("updates", {"q": "drone"}),
    ("updates", {"published_after": "2023-05-02"}),
    ("quotes", {"person": "dmitry-peskov"}),
    ("quotes", {"channel": "telegram"}),
    ("events", {"place": "russia"}),
    ("persons", {"name__ic": "a"}),
    ("places", {"kind": "region"}),
]


@pytest.mark.parametrize("as_curator", [False, True], ids=["public", "curator"])
@pytest.mark.parametrize(
    "resource,params",
    [(resource, {}) for resource in LISTS] + FILTERED,
    ids=lambda value: value if isinstance(value, str) else repr(value),
)
def test_a_count_is_the_number_of_rows_the_list_pages_through(
    client, archive, curator, as_curator, resource, params
):
    if as_curator:
        client.force_login(curator)
    rows = every_row(client, resource, params)
    assert count(client, resource, params) == len(rows)


def test_the_public_counts_no_drafts_or_proposals(client, archive, curator):
    public = {resource: count(client, resource, {}) for resource in LISTS}
    client.force_login(curator)
    curator_sees = {resource: count(client, resource, {}) for resource in LISTS}
    for resource in ("updates", "quotes", "events"):
        assert curator_sees[resource] > public[resource], resource


@pytest.mark.parametrize(
    "path,params,parameter",
    [
        ("updates/", {"count": "yes"}, "count"),
        ("updates/count/", {"cursor": "abc"}, "cursor"),
        ("quotes/count/", {"expand": "speaker"}, "expand"),
        ("events/count/", {"page_size": "3"}, "page_size"),
        ("events/count/", {"kind": "war"}, "kind"),
        ("persons/count/", {"fields": "slug"}, "fields"),
    ],
)
def test_a_bad_count_parameter_gets_a_400_naming_it(
    client, demo, path, params, parameter
):
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value[:10])


def _next(start: datetime.date, interval: str) -> datetime.date:
    if interval == "day":
        return start + datetime.timedelta(days=1)
    if interval == "week":
        return start + datetime.timedelta(days=7)
    return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@pytest.fixture
def spread(archive):
    """Published updates over three months, some weeks with none."""
    for day in (1, 2, 3, 20, 21, 45, 46, 47, 80):
        update = UpdateFactory(
            status=Update.Status.PUBLISHED,
            published_at=datetime.datetime(2023, 5, 1, 12, tzinfo=datetime.UTC)
            + datetime.timedelta(days=day),
        )
        PersonMentionFactory(
            update=update, person=Person.objects.get(slug="igor-girkin")
        )
        QuoteFactory(update=update, channel="telegram")
    # What the public must not count for Girkin: a draft, a proposed quote.
    girkin = Person.objects.get(slug="igor-girkin")
    PersonMentionFactory(
        update=UpdateFactory(status=Update.Status.DRAFT), person=girkin
    )
    QuoteFactory(
        update=UpdateFactory(
            status=Update.Status.PUBLISHED,
            published_at=datetime.datetime(2023, 5, 3, tzinfo=datetime.UTC),
        ),
        person=girkin,
        is_confirmed=False,
    )
    for day in (0, 9, 30):
        EventFactory(
            started_on=datetime.date(2023, 6, 1) + datetime.timedelta(days=day)
        )


@pytest.mark.parametrize("interval", ["day", "week", "month"])
@pytest.mark.parametrize("resource", ["updates", "quotes"])
@pytest.mark.parametrize(
    "params",
    [{}, {"person": "igor-girkin"}, {"channel": "telegram"}, {"place": "russia"}],
    ids=repr,
)
def test_a_timeline_agrees_with_counts_bucket_by_bucket(
    client, spread, interval, resource, params
):
    response = client.get(
        f"/api/v1/{resource}/timeline/", {**params, "interval": interval}
    )
    assert response.status_code == 200, response.json()
    timeline = response.json()
    assert timeline["interval"] == interval
    rows = timeline["buckets"]
    assert sum(row["count"] for row in rows) == count(client, resource, params)
    for row, following in itertools.pairwise(rows):
        # Every bucket, with nothing in it or not, in order.
        assert _day(following["start"]) == _next(_day(row["start"]), interval)
    for row in rows:
        start = _day(row["start"])
        window = {
            "published_after": start.isoformat(),
            "published_before": _next(start, interval).isoformat(),
        }
        assert count(client, resource, {**params, **window}) == row["count"], row
    if params == {} and interval == "week":
        assert 0 in [row["count"] for row in rows], "zero buckets are included"


@pytest.mark.parametrize(
    "path", ["updates/count/", "updates/timeline/?interval=week"], ids=str
)
@pytest.mark.parametrize(
    "slug", ["person=igor-girkin", "organization=free-russia-legion"]
)
def test_one_entitys_count_and_timeline_read_its_day_counts(
    client, spread, curator, path, slug
):
    """For the public they are sums of kept day counts, not a read of the updates;
    a curator's (drafts count) and any other filter take the general path."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/api/v1/{path}{'&' if '?' in path else '?'}{slug}"
    with CaptureQueriesContext(connection) as queries:
        kept_answer = client.get(url).json()
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    assert "daycount" in statements
    assert "items_update" not in statements.replace("items_update_", "")
    # The same answer the general path gives, with a filter that changes nothing.
    general = client.get(url + "&published_after=2000-01-01").json()
    if "buckets" in general:  # the asked range starts the buckets: drop leading 0s
        buckets = general["buckets"]
        while buckets and buckets[0]["count"] == 0:
            buckets.pop(0)
    assert kept_answer == general
    assert kept_answer != {"count": 0}
    client.force_login(curator)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert "daycount" not in " ".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "q,one_word",
    [
        ("drone", True),
        ("Drones", True),
        ("drone strike", False),
        ('"drone strike"', False),
        ("-drone", False),
    ],
)
def test_a_public_count_of_one_word_reads_the_word_counts(
    client, archive, curator, q, one_word
):
    """On PostgreSQL; elsewhere, and for anything but one word, the general path."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        kept_answer = client.get("/api/v1/updates/count/", {"q": q}).json()
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    reads_counts = "items_updatewordcount" in statements
    assert reads_counts == (one_word and connection.vendor == "postgresql")
    if reads_counts:
        assert "items_update " not in statements and '"items_update"' not in statements
    general = {"q": q, "published_after": "2000-01-01"}
    assert kept_answer == client.get("/api/v1/updates/count/", general).json()
    assert kept_answer["count"] == len(every_row(client, "updates", {"q": q}))
    client.force_login(curator)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/updates/count/", {"q": q})
    assert "wordcount" not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_timeline_runs_over_the_dates_asked_for(client, spread):
    response = client.get(
        "/api/v1/updates/timeline/",
        {
            "interval": "month",
            "published_after": "2023-01-15",
            "published_before": "2023-12-01",
        },
    )
    starts = [row["start"] for row in response.json()["buckets"]]
    assert starts == [f"2023-{month:02}-01" for month in range(1, 12)]


def test_an_event_timeline_counts_events_by_their_first_day(client, spread, curator):
    for as_curator in (False, True):
        if as_curator:
            client.force_login(curator)
        rows = client.get("/api/v1/events/timeline/", {"interval": "month"}).json()
        counted = {
            row["start"]: row["count"] for row in rows["buckets"] if row["count"]
        }
        expected = {}
        for event in every_row(client, "events", {}):
            month = event["started_on"][:8] + "01"
            expected[month] = expected.get(month, 0) + 1
        assert counted == expected


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_an_event_begun_before_date_from_counts_in_its_first_days_bucket(
    client, demo, interval
):
    """The seed's raid ran 22 to 24 May 2023: `date_from=2023-05-23` finds it,
    and its timeline shows it, on the day it began, adding up to the count."""
    params = {"date_from": "2023-05-23"}
    assert count(client, "events", params) == 1
    rows = client.get(
        "/api/v1/events/timeline/", {**params, "interval": interval}
    ).json()["buckets"]
    assert sum(row["count"] for row in rows) == 1
    assert [row["start"] for row in rows if row["count"]] == [
        {"day": "2023-05-22", "week": "2023-05-22", "month": "2023-05-01"}[interval]
    ]


FACET_FILTER = {
    "person": "person",
    "organization": "organization",
    "place": "place_exact",
    "story": "story",
    "channel": "channel",
}


@pytest.mark.parametrize("as_curator", [False, True], ids=["public", "curator"])
@pytest.mark.parametrize(
    "params",
    [{}, {"place": "russia"}, {"q": "drone"}, {"person": "igor-girkin"}],
    ids=repr,
)
def test_facets_agree_with_the_filtered_counts(
    client, spread, curator, as_curator, params
):
    if as_curator:
        client.force_login(curator)
    response = client.get(
        "/api/v1/updates/facets/", {**params, "facet": ",".join(FACETS), "limit": 5}
    )
    assert response.status_code == 200, response.json()
    facets = response.json()
    assert set(facets) == set(FACETS)
    for facet, values in facets.items():
        counts = [row["count"] for row in values]
        assert counts == sorted(counts, reverse=True), facet
        for row in values:
            filtered = {**params, FACET_FILTER[facet]: row["value"]}
            assert count(client, "updates", filtered) == row["count"], (facet, row)
    # The top persons are the top: none left out counts more than the last shown.
    shown = {row["value"] for row in facets["person"]}
    if len(shown) == 5:
        floor = facets["person"][-1]["count"]
        for person in every_row(client, "persons", {}):
            if person["slug"] not in shown:
                filtered = {**params, "person": person["slug"]}
                assert count(client, "updates", filtered) <= floor


@pytest.mark.parametrize(
    "path,params,parameter",
    [
        ("updates/timeline/", {}, "interval"),
        ("updates/timeline/", {"interval": "year"}, "interval"),
        (
            "updates/timeline/",
            {"interval": "day", "published_after": "0001-01-01"},
            "interval",
        ),
        ("quotes/timeline/", {"interval": "day", "cursor": "x"}, "cursor"),
        ("events/timeline/", {"interval": "week", "date_from": "May"}, "date_from"),
        ("updates/facets/", {}, "facet"),
        ("updates/facets/", {"facet": "mood"}, "facet"),
        ("updates/facets/", {"facet": "person", "limit": "1000"}, "limit"),
        ("updates/facets/", {"facet": "person", "expand": "quotes"}, "expand"),
        ("updates/facets/", {"facet": "person", "person": "nobody"}, "person"),
    ],
)
def test_a_bad_aggregate_parameter_gets_a_400_naming_it(
    client, demo, path, params, parameter
):
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_an_answer_is_kept_until_the_archive_changes(
    client, demo, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = "/api/v1/updates/count/"
    assert client.get(path).json() == {"count": 1}
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).json() == {"count": 1}
    assert len(queries) == 0, "the second answer is the kept one"
    timeline = client.get("/api/v1/updates/timeline/", {"interval": "month"}).json()
    with django_capture_on_commit_callbacks(execute=True):
        UpdateFactory(status=Update.Status.PUBLISHED)
    # Saved and committed: every kept answer is forgotten at once.
    assert client.get(path).json() == {"count": 2}
    again = client.get("/api/v1/updates/timeline/", {"interval": "month"}).json()
    assert (
        sum(b["count"] for b in again["buckets"])
        == 2
        != sum(b["count"] for b in timeline["buckets"])
    )


def test_a_loaded_dump_forgets_the_kept_answers(
    client, demo, tmp_path, django_capture_on_commit_callbacks
):
    """Updates are loaded in bulk, which sends no signal: the load itself says
    the archive changed."""
    import io

    import orjson
    from django.core.management import call_command

    from items.models import Event
    from tests.dumps.test_import import records_of, rewrite

    path = tmp_path / "demo.jsonl"
    call_command("export", "-o", str(path))
    # Only the update is new to the archive: nothing else is saved one by one.
    lines = [
        line
        for line in records_of(path.read_bytes())[:-1]
        if orjson.loads(line)["type"] not in ("event", "affiliation")
    ]
    path.write_bytes(rewrite(lines))
    Event.objects.all().delete()
    Update.objects.all().delete()
    assert client.get("/api/v1/updates/count/").json() == {"count": 0}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_dump", str(path), stdout=io.StringIO())
    assert client.get("/api/v1/updates/count/").json() == {"count": 1}


def test_a_generated_archive_forgets_the_kept_answers(
    client, demo, django_capture_on_commit_callbacks
):
    """generate_archive writes with COPY (or executemany), which sends no signal."""
    from items.synthetic import generate_archive

    before = client.get("/api/v1/updates/count/").json()["count"]
    with django_capture_on_commit_callbacks(execute=True):
        generate_archive(updates=30, seed=2)
    published = Update.objects.published().count()
    assert published > before
    assert client.get("/api/v1/updates/count/").json() == {"count": published}
