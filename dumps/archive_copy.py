"""The whole archive's update records by COPY, built by several connections at once.

Exporting every update, PostgreSQL does best aggregating each part over its whole
table in one statement (dumps.records_sql), then streaming the records with COPY:
nothing is held here but a few chunks of lines. Building the JSON is the cost
(escaping long texts, mostly), and one statement keeps one core busy. So the
updates are cut into consecutive ranges of (published_at, id), each built by its
own connection in the same snapshot: they all work at once, and the lines are
written range after range, so the order is the dump's. Each statement ends in a
sort, so a connection builds its range whole while an earlier one is written.
"""

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg
from django.db import connections
from django.db.models import Q
from psycopg import sql

from .records_sql import compact, update_statement

# CSV with a delimiter and a quote character that JSON text never holds raw (it
# escapes every control character): COPY then writes each record exactly as
# PostgreSQL built it, where its text format would double every backslash.
COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"
# A parallel plan repeats each part's aggregate in every worker: measured on a
# million updates, 66 s against 58 s without (bench/README.md).
SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0"
CHUNK = 500  # records


@contextmanager
def building(updates, *, jobs: int = 1, progress=None, public: bool = False):
    """Start building every update record of `updates` (the whole archive, narrowed
    by status at most); gives an iterator of (chunk, records): their JSON lines,
    oldest first, several hundred to a chunk (one Python step per line was a good
    part of the time).

    With more than one job, `jobs` connections start at once, sharing the
    REPEATABLE READ snapshot of dumps.writer.snapshot(), and build while the
    caller writes what comes before the updates. Inside any other transaction (a
    test's) there is no snapshot to share, and Django's connection does it all,
    when the lines are first asked for. With `public`, the records hold only
    what newsarchive.public shows.
    """
    if jobs > 1 and _repeatable_read(updates.db):
        with _elsewhere(_ranges(updates, jobs), public, updates.db) as builders:
            chunks = (chunk for builder in builders for chunk in builder.chunks())
            yield _counted(chunks, progress)
    else:
        yield _counted(_copy_here(updates, public), progress)


def all_update_lines(updates, **options) -> Iterator[bytes]:
    """The lines of `building()`, one by one."""
    with building(updates, **options) as chunks:
        for chunk, _ in chunks:
            yield from chunk.splitlines(keepends=True)


def _counted(chunks, progress) -> Iterator[tuple[bytes, int]]:
    for chunk, records in chunks:
        yield chunk, records
        if progress:
            progress(records)


def _copy_here(updates, public) -> Iterator[tuple[bytes, int]]:
    """The records of `updates` by COPY on Django's connection."""
    statement, params = _statement(updates, public)
    with connections[updates.db].cursor() as cursor:
        cursor.execute(SERIAL)
        # psycopg's own cursor: Django's DEBUG wrapper of copy() takes no params.
        with cursor.cursor.copy(statement, params) as copy:
            yield from _chunked(copy)


def _chunked(copy) -> Iterator[tuple[bytes, int]]:
    """A COPY's rows (a line each) joined CHUNK at a time."""
    batch = []
    for line in copy:
        batch.append(compact(line))
        if len(batch) == CHUNK:
            yield b"".join(batch), CHUNK
            batch = []
    if batch:
        yield b"".join(batch), len(batch)


@contextmanager
def _elsewhere(ranges: list, public: bool, using: str):
    """A started `Builder` per range, each on a connection of its own."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    params = connections[using].get_connection_params()
    builders = [Builder(*_statement(part, public), snapshot, params) for part in ranges]
    try:
        yield builders
    finally:
        for builder in builders:
            builder.stop()


class Builder:
    """A thread that runs one range's COPY on its own connection.

    psycopg waits for a COPY's first row before handing it over, and PostgreSQL
    sends none until its sort is done, so the waiting happens in a thread. Lines
    come back in lists through a short queue: the thread reads no further ahead
    than that, and the records wait in PostgreSQL until they are written.
    """

    def __init__(self, statement: str, params, snapshot: str, connect: dict):
        self.queue = queue.Queue(maxsize=4)
        self.stopping = threading.Event()
        self.raw = None
        self.thread = threading.Thread(
            target=self._run,
            args=(statement, params, snapshot, connect),
            name="dump-builder",
            daemon=True,
        )
        self.thread.start()

    def chunks(self) -> Iterator[tuple[bytes, int]]:
        while (chunk := self.queue.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk

    def stop(self):
        """Stop early (the dump was abandoned) or, after the last line, clean up."""
        self.stopping.set()
        if self.thread.is_alive() and self.raw is not None:
            self.raw.cancel_safe()
        while self.thread.is_alive():
            # Make room, in case the thread is waiting to put a batch.
            with suppress(queue.Empty):
                self.queue.get(timeout=0.1)
        self.thread.join()

    def _run(self, statement, params, snapshot, connect):
        try:
            with psycopg.connect(**connect) as raw:
                self.raw = raw
                raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                raw.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(snapshot))
                raw.execute(SERIAL)
                if self.stopping.is_set():  # stopped before `raw` could be cancelled
                    raise _Stopped
                with raw.cursor() as cursor, cursor.copy(statement, params) as copy:
                    for chunk in _chunked(copy):
                        self.queue.put(chunk)
                        if self.stopping.is_set():
                            raise _Stopped
                raw.rollback()
            self.queue.put(None)
        except _Stopped:
            pass
        except Exception as error:  # handed to the thread writing the dump
            if not self.stopping.is_set():
                self.queue.put(error)


class _Stopped(Exception):
    pass


def _repeatable_read(using: str) -> bool:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        return connection.in_atomic_block and cursor.fetchone()[0] == "repeatable read"


def _ranges(updates, count: int) -> list:
    """`updates` cut into `count` consecutive ranges of (published_at, id)."""
    total = updates.count()
    keys = updates.order_by("published_at", "id").values_list("published_at", "id")
    cuts = [keys[total * k // count] for k in range(1, count) if total * k // count]
    ranges, lower = [], None
    for cut in [*dict.fromkeys(cuts), None]:
        part = updates
        if lower:
            at, pk = lower
            part = part.filter(Q(published_at__gt=at) | Q(published_at=at, id__gte=pk))
        if cut:
            at, pk = cut
            part = part.filter(Q(published_at__lt=at) | Q(published_at=at, id__lt=pk))
        ranges.append(part)
        lower = cut
    return ranges


def _statement(updates, public: bool) -> tuple[str, tuple | None]:
    """The COPY of `updates`' records and its parameters."""
    if not updates.query.where:  # every update: no condition at all
        statement = update_statement(lambda column: "TRUE", public=public)
        return _copy(statement).replace("%%", "%"), None
    chosen, params = updates.order_by().values("id").query.sql_with_params()
    used = 0

    def condition(column: str) -> str:
        nonlocal used
        used += 1
        return f"{column} IN ({chosen})"

    statement = update_statement(condition, public=public)
    return _copy(statement), tuple(params) * used


def _copy(statement: str) -> str:
    return f"COPY ({statement}) TO STDOUT ({COPY_OPTIONS})"
