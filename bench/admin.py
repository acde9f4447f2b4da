"""Admin changelist cost at 1,000 and at 100,000 updates, on PostgreSQL, in one run.

Builds a fresh database (BENCH_DATABASE_URL, default newsarchive_bench on the local
server), fills it with `generate_archive`, and times the update changelist, its alias
search and its place filter through Django's test client as a logged-in curator:
median of --repeat requests, and the SQL query count of each. Then it grows the same
archive to the larger size and measures again. A page whose cost grows with the
archive shows up as a ratio well above 1.

    .venv/bin/python bench/admin.py [--small 1000] [--large 100000] [--repeat 15]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsarchive_bench"
)
os.environ.update(
    DJANGO_SETTINGS_MODULE="newsarchive.settings",
    DATABASE_URL=BENCH_URL,
    # Plain static storage (no collectstatic needed); DEBUG is turned off below.
    DJANGO_DEBUG="1",
    DJANGO_HTTPS="0",
    DJANGO_ALLOWED_HOSTS="testserver",
)


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    recreate_database(BENCH_URL)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from items.synthetic import generate_archive
    from people.models import Person
    from places.models import Place

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", password="bench-pw-1")
    client = Client()
    client.force_login(user)

    def pages() -> dict[str, str]:
        busiest = (
            Person.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
        )
        alias = busiest.aliases.order_by("pk").first().name
        country = (
            Place.objects.filter(kind="country")
            .annotate(n=Count("children"))
            .order_by("-n", "pk")
            .first()
        )
        return {
            "update changelist": "/admin/items/update/",
            f"alias search (q={alias})": f"/admin/items/update/?q={alias}",
            f"place filter (place={country.name}, with inside)": (
                f"/admin/items/update/?place={country.pk}"
            ),
        }

    def measure(path: str) -> tuple[float, int]:
        for _ in range(3):
            assert client.get(path).status_code == 200
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        reset_queries()  # each request resets the log; count from empty
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return statistics.median(timings) * 1000, len(queries)

    results = {}
    seed = 1
    for size in (args.small, args.large):
        from items.models import Update

        missing = size - Update.objects.count()
        started = time.perf_counter()
        generate_archive(updates=missing, seed=seed)
        seed += 1
        # Settle the tables as autovacuum would, so it does not run mid-measurement
        # and index-only scans find their visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(
            f"generated {missing:,} updates in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        for label, path in pages().items():
            kind = label.split(" (")[0]
            results[(kind, size)] = (label, *measure(path))

    print(f"\nPostgreSQL, median of {args.repeat} requests, DEBUG off\n")
    print(
        f"| page | {args.small:,} updates: ms / queries "
        f"| {args.large:,} updates: ms / queries | time ratio |"
    )
    print("|---|---|---|---|")
    for kind in ("update changelist", "alias search", "place filter"):
        _, small_ms, small_q = results[(kind, args.small)]
        label, large_ms, large_q = results[(kind, args.large)]
        print(
            f"| {kind} | {small_ms:.1f} / {small_q} | {large_ms:.1f} / {large_q} "
            f"| {large_ms / small_ms:.2f} |"
        )


if __name__ == "__main__":
    main()
