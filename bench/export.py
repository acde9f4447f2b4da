"""Dumps against dumpdata and against their floor, on PostgreSQL and SQLite.

Prints, for `manage.py export` of the whole archive: updates per second, MB/s and
peak memory (RSS) at a small and a large size; the same for `manage.py dumpdata`
of the same apps at both sizes; the floor, PostgreSQL streaming the same update
records by `COPY (SELECT ...) TO STDOUT`; the export on SQLite (small size); and
records per second of `import_dump` of the small dump into an empty archive next
to `loaddata` of the dumpdata output. With `--formats`, only the export as JSON
Lines next to the export as Parquet files (`--format parquet`).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_api \\
        .venv/bin/python bench/export.py [--small 100000] [--load 10000]

The large archive is BENCH_DATABASE_URL's (generate it as bench/README.md says);
the small ones are generated here, in databases of their own.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
LARGE = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsarchive_api"
)
SERVER = LARGE.rsplit("/", 1)[0]


def manage(url: str, *args: str) -> tuple[float, int, str]:
    """Run manage.py on `url`: (seconds, peak RSS in MiB, stderr)."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    return seconds, rss // 1024, done.stderr


def fresh_postgres(name: str) -> str:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def updates_in(url: str) -> int:
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute("SELECT count(*) FROM items_update").fetchone()[0]
    with psycopg.connect(url) as db:
        return db.execute("SELECT count(*) FROM items_update").fetchone()[0]


def floor(url: str) -> tuple[float, int]:
    """Seconds and bytes for PostgreSQL to stream every update record by COPY."""
    os.environ.update(DATABASE_URL=url, DJANGO_DEBUG="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from dumps.records_sql import update_statement

    # The statement the export runs per range, once over every update, by one
    # connection, without parallel workers (with them it is slower: they each
    # repeat every part's aggregate).
    sql = "COPY (" + update_statement(lambda column: "TRUE") + ") TO STDOUT"
    sql = sql.replace("%%", "%")
    size = 0
    started = time.perf_counter()
    with psycopg.connect(url) as db:
        db.execute("SET max_parallel_workers_per_gather = 0")
        with db.cursor().copy(sql) as copy:
            for chunk in copy:
                size += len(chunk)
    return time.perf_counter() - started, size


def row(label: str, updates: int, seconds: float, size: int, rss: int | str) -> str:
    return (
        f"| {label} | {updates:,} | {seconds:.1f} | {updates / seconds:,.0f} "
        f"| {size / seconds / 1e6:.1f} | {rss} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--load", type=int, default=10_000)
    parser.add_argument(
        "--only-load", action="store_true", help="Only import_dump against loaddata."
    )
    parser.add_argument(
        "--formats",
        action="store_true",
        help="Only JSON Lines against Parquet, on a generated archive of --small "
        "updates (and on BENCH_DATABASE_URL's with --large).",
    )
    parser.add_argument("--large", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsarchive-bench-"))
    if args.only_load:
        compare_loading(args.load, work)
        return
    if args.formats:
        compare_formats(args.small, work, large=args.large)
        return
    lines = [
        "| run | updates | s | updates/s | MB/s | peak RSS MiB |",
        "|---|---|---|---|---|---|",
    ]

    small = fresh_postgres("newsarchive_export_small")
    manage(small, "migrate", "-v0")
    manage(small, "generate_archive", "--updates", str(args.small), "--seed", "1")
    lite = f"sqlite:///{work / 'small.sqlite3'}"
    manage(lite, "migrate", "-v0")
    manage(lite, "generate_archive", "--updates", str(args.small), "--seed", "1")

    results = {}
    for label, url in (("large", LARGE), ("small", small), ("sqlite", lite)):
        out = work / f"{label}.jsonl"
        seconds, rss, _ = manage(url, "export", "-o", str(out))
        count = updates_in(url)
        results[label] = (count, seconds)
        db = "SQLite" if label == "sqlite" else "PostgreSQL"
        lines.append(row(f"export, {db}", count, seconds, out.stat().st_size, rss))
        out.unlink()

    dumpdata = {}
    for label, url in (("large", LARGE), ("small", small)):
        out = work / "data.json"
        apps = ("places", "people", "items")
        seconds, rss, _ = manage(url, "dumpdata", *apps, "-o", str(out))
        count, size = results[label][0], out.stat().st_size
        lines.append(row("dumpdata, PostgreSQL", count, seconds, size, rss))
        dumpdata[label] = count / seconds
        out.unlink()

    floor_seconds, floor_size = floor(LARGE)
    lines.append(
        row(
            "floor: COPY of the update records",
            results["large"][0],
            floor_seconds,
            floor_size,
            "-",
        )
    )

    print("\n".join(lines))
    large_rate = results["large"][0] / results["large"][1]
    small_rate = results["small"][0] / results["small"][1]
    print(
        f"\nexport / dumpdata: {large_rate / dumpdata['large']:.1f}x faster (large), "
        f"{small_rate / dumpdata['small']:.1f}x (small); "
        f"export / floor (large): {results['large'][1] / floor_seconds:.2f}x the time"
        f"; export large / small rate: {large_rate / small_rate:.2f}"
    )

    compare_loading(args.load, work)


def compare_formats(size: int, work: Path, *, large: bool) -> None:
    """`export` as JSON Lines and as Parquet, of the same archive."""
    small = fresh_postgres("newsarchive_formats")
    manage(small, "migrate", "-v0")
    manage(small, "generate_archive", "--updates", str(size), "--seed", "1")
    archives = [("generated", small)] + ([("large", LARGE)] if large else [])
    print(
        "| archive | format | updates | s | updates/s | size MB | peak RSS MiB |\n"
        "|---|---|---|---|---|---|---|"
    )
    for label, url in archives:
        count = updates_in(url)
        for name, args, out in (
            ("JSON Lines", [], work / "archive.jsonl"),
            ("Parquet", ["--format", "parquet"], work / "parquet"),
        ):
            seconds, rss, _ = manage(url, "export", *args, "-o", str(out))
            files = [out] if out.is_file() else list(out.glob("*.parquet"))
            size_mb = sum(f.stat().st_size for f in files) / 1e6
            print(
                f"| {label} | {name} | {count:,} | {seconds:.1f} "
                f"| {count / seconds:,.0f} | {size_mb:.0f} | {rss} |"
            )


def compare_loading(size: int, work: Path) -> None:
    """A dump of `size` updates into an empty archive, against loaddata."""
    source = fresh_postgres("newsarchive_load_source")
    manage(source, "migrate", "-v0")
    manage(source, "generate_archive", "--updates", str(size), "--seed", "2")
    manage(source, "export", "-o", str(work / "load.jsonl"))
    manage(
        source, "dumpdata", "places", "people", "items", "-o", str(work / "load.json")
    )
    with open(work / "load.jsonl", "rb") as dump:
        records = sum(1 for _ in dump) - 2  # header and footer
    print("\n| load | records | s | records/s |\n|---|---|---|---|")
    for label, command in (
        ("import_dump", ["import_dump", str(work / "load.jsonl")]),
        ("loaddata", ["loaddata", str(work / "load.json")]),
    ):
        target = fresh_postgres(f"newsarchive_load_{label}")
        manage(target, "migrate", "-v0")
        seconds, _, _ = manage(target, *command)
        objects = updates_in(target)
        print(
            f"| {label} | {records:,} dump records ({objects:,} updates) "
            f"| {seconds:.1f} | {records / seconds:,.0f} |"
        )


if __name__ == "__main__":
    main()
