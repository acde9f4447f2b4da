"""The gazetteer's load: how long `load_gazetteer` takes and what it writes.

Loads the gazetteer into an empty database twice, as `make run` does (every
country's towns of 15,000 or more, and every GeoNames place of Belarus, Russia
and Ukraine) and without the villages (`--detailed ''`), and prints for each the
seconds spent reading the sources and writing the places, and how many places
of each kind and aliases it wrote, and how long the importer's analysis of a
fixture article (its place lookups included) takes on it.

    BENCH_DATABASE_URL=sqlite:////tmp/gazetteer-bench.sqlite3 \\
        .venv/bin/python bench/gazetteer.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gaz \\
        .venv/bin/python bench/gazetteer.py

The database is flushed first: point it at a throwaway one.
"""

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "sqlite:////tmp/gazetteer-bench.sqlite3"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from importer.analysis import analyze  # noqa: E402
from importer.archive import ArchiveNames  # noqa: E402
from places import gazetteer  # noqa: E402
from places.models import Place, PlaceAlias  # noqa: E402
from places.services import load_gazetteer  # noqa: E402

ARTICLES = ROOT / "tests" / "importer" / "articles"


def load(detailed: frozenset[str]) -> dict:
    call_command("flush", "--noinput", verbosity=0)
    gazetteer._sources.cache_clear()
    start = time.perf_counter()
    entries = gazetteer.gazetteer_entries(detailed=detailed)
    read = time.perf_counter() - start
    start = time.perf_counter()
    load_gazetteer(entries)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE places_place, places_placealias")
    written = time.perf_counter() - start
    return {
        "read": read,
        "written": written,
        "kinds": Counter(Place.objects.values_list("kind", flat=True)),
        "aliases": PlaceAlias.objects.count(),
    }


def analysis_ms(rounds: int = 5) -> float:
    """Milliseconds the importer's analysis of one fixture article takes, its
    lookups of names in the archive included."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            analyze(text, known=ArchiveNames())
    return 1000 * (time.perf_counter() - start) / (rounds * len(texts))


def main() -> None:
    print(f"database: {connection.vendor}")
    for label, detailed in (
        ("towns of 15,000+ only (--detailed '')", frozenset()),
        ("as make run loads it", gazetteer.DEFAULT_DETAILED),
    ):
        found = load(detailed)
        total = sum(found["kinds"].values())
        kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(found["kinds"].items()))
        print(
            f"{label}: read {found['read']:.1f} s, wrote {found['written']:.1f} s; "
            f"{total:,} places ({kinds}), {found['aliases']:,} aliases; "
            f"importer analysis {analysis_ms():.1f} ms per fixture article"
        )


if __name__ == "__main__":
    main()
