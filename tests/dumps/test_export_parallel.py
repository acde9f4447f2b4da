"""On PostgreSQL, several connections build the whole archive's records at once.

These tests commit their data (the connections that build share a snapshot of
committed rows only), so they run in transactional test cases.
"""

import threading
import time

import orjson
import pytest
from django.core.management import call_command
from django.db import connection

from dumps.archive_copy import Builder
from dumps.selection import whole_archive
from dumps.writer import dump_lines, snapshot
from items.models import Update
from items.synthetic import generate_archive

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="the COPY path is PostgreSQL's"
    ),
]


def _export(tmp_path, *args) -> list[bytes]:
    path = tmp_path / f"dump{len(list(tmp_path.iterdir()))}.jsonl"
    call_command("export", "-o", str(path), *args)
    return path.read_bytes().splitlines(keepends=True)


def _types(lines: list[bytes]) -> list[str]:
    return [orjson.loads(line)["type"] for line in lines]


def test_the_dump_is_the_same_whatever_the_number_of_jobs(tmp_path):
    generate_archive(updates=120, seed=7)
    # Two updates at the same time: ranges are cut by (published_at, id).
    first, second = Update.objects.order_by("id")[:2]
    Update.objects.filter(pk=second.pk).update(published_at=first.published_at)

    alone = _export(tmp_path, "--jobs", "1")
    for jobs in ("2", "5"):
        together = _export(tmp_path, "--jobs", jobs)
        # The header differs only by its creation time; records and footer not.
        assert together[1:] == alone[1:]
    assert _types(alone).count("update") == 120


def test_a_status_narrows_every_range(tmp_path):
    generate_archive(updates=80, seed=8)
    published = Update.objects.filter(status="published").count()
    assert 0 < published < 80

    lines = _export(tmp_path, "--jobs", "3", "--status", "published")
    assert _types(lines).count("update") == published
    assert lines[1:] == _export(tmp_path, "--jobs", "1", "--status", "published")[1:]


def _ours() -> int:
    """Other connections to the test database."""
    with connection.cursor() as cursor:
        # A transaction keeps what it first read of the statistics views.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            "current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _builders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("dump-builder")]


def test_an_abandoned_dump_leaves_no_connection_or_thread():
    generate_archive(updates=60, seed=9)
    before = _ours()
    with snapshot():
        lines = dump_lines(whole_archive(), jobs=3)
        next(lines)  # the header: the builders have started
        next(lines)
        lines.close()
    assert _builders() == []
    # A closed connection's server process ends a moment later.
    assert _eventually(lambda: _ours() == before)


def test_stopping_a_builder_cancels_its_statement():
    before = _ours()
    with snapshot(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        exported = cursor.fetchone()[0]
        connect = connection.get_connection_params()
        builder = Builder(
            "COPY (SELECT pg_sleep(60)) TO STDOUT", None, exported, connect
        )
        assert _eventually(lambda: _ours() == before + 1)
        started = time.monotonic()
        builder.stop()
        assert time.monotonic() - started < 10  # not the minute the statement asks
    assert _builders() == []
    assert _eventually(lambda: _ours() == before)


def _eventually(condition, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
