"""A dump as a stream of JSON lines: header, records, footer with a checksum.

The header says what the dump is (format, version, when, which filters, how many
records of each type); each record is one line with its `type`; the footer counts
the records and gives the SHA-256 of their lines, exactly as written, so a
published dump can be cited and verified. Records come after what they reference.
"""

import datetime
import decimal
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import orjson
from django.db import connections, transaction

from changes.feed import horizon
from items.models import Credit, Quote, ReportedFigure
from newsarchive.public import only_public

from . import shapes
from .selection import Selection

FORMAT = "newsarchive-dump"
# 2: events and the figures claimed about them (issue 15); 3: the change feed's
# position in the header, and incremental dumps (issue 16). 1 and 2 still load.
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
# Updates are read, and their parts fetched, this many at a time.
BATCH = 2_000
OPTIONS = orjson.OPT_UTC_Z


def dump_lines(
    selection: Selection, *, progress=None, jobs=1, incremental=None
) -> Iterator[bytes]:
    """The dump as bytes: whole lines, one or several at a time. `progress(n)` is
    told of every `n` updates written; `jobs` connections build the whole
    archive's records on PostgreSQL. `incremental` (dumps.incremental): the
    renamed and deleted records, and the position it starts from.
    """
    with _update_chunks(selection, progress=progress, jobs=jobs) as update_chunks:
        header = {
            "type": "header",
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.datetime.now(datetime.UTC),
            "filters": selection.filters,
            # Where a reader of this dump stands in the change feed: the next
            # incremental dump starts here (`export --since`).
            "position": str(horizon(selection.updates.db)),
            "counts": counts(selection),
        }
        before, after = [], []
        if incremental is not None:
            header["since"] = str(incremental.since)
            before, after = incremental.renamed, incremental.deleted
            header["counts"] |= {"renamed": len(before), "deleted": len(after)}
        yield _line(header)
        checksum, written = hashlib.sha256(), 0
        chunks = itertools.chain(
            ((_line(line), 1) for line in before),
            _record_chunks(selection, update_chunks),
            ((_line(line), 1) for line in after),
        )
        for chunk, records in chunks:
            checksum.update(chunk)
            written += records
            yield chunk
    yield _line({"type": "footer", "records": written, "sha256": checksum.hexdigest()})


@contextmanager
def snapshot(using: str = "default"):
    """One consistent view of the archive for the header's counts and the records."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        # Only a transaction's first statement may set its isolation (inside an
        # enclosing transaction, a test's, the view is already fixed).
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
        yield


def counts(selection: Selection) -> dict[str, int]:
    update_ids = selection.updates.order_by().values("id")
    found = {
        "place": selection.places.count(),
        "organization": selection.organizations.count(),
        "person": selection.persons.count(),
        "story": selection.stories.count(),
        "update": selection.updates.count(),
        "affiliation": selection.affiliations.count(),
    }
    # Every update's parts are every part: counted without the semi-join.
    everything = selection.whole and not selection.updates.query.where
    for key, shape in shapes.UPDATE_PARTS.items():
        parts = selection.parts(shape.model)
        if not everything:
            parts = parts.filter(update__in=update_ids)
        found[key] = parts.count()
    credits = selection.parts(Credit)
    if not everything:
        credits = credits.filter(media__update__in=update_ids)
    found["credits"] = credits.count()
    found["event"] = selection.events.count()
    event_ids = selection.events.order_by().values("id")
    for key, shape in shapes.EVENT_PARTS.items():
        parts = selection.parts(shape.model).filter(event__in=event_ids)
        if key == "reports" and not selection.events_whole:
            parts = parts.filter(update__in=update_ids)
        found[key] = parts.count()
    return found


def _record_chunks(selection: Selection, update_chunks) -> Iterator[tuple[bytes, int]]:
    """The record lines as (bytes, how many records they hold)."""
    for record in entity_records(selection):
        yield _line(record), 1
    yield from update_chunks
    for record in affiliation_records(selection):
        yield _line(record), 1
    for record in event_records(selection):
        yield _line(record), 1


@contextmanager
def _update_chunks(selection: Selection, *, progress, jobs):
    """The update lines: on PostgreSQL as JSON built in SQL, started at once for
    the whole archive (dumps.archive_copy), a batch at a time for a slice, whose
    updates' parts are reached by index (dumps.records_sql).
    """
    if connections[selection.updates.db].vendor != "postgresql":
        yield ((_line(record), 1) for record in _updates(selection, progress))
    elif selection.whole:
        from .archive_copy import building

        with building(
            selection.updates, jobs=jobs, progress=progress, public=selection.public
        ) as chunks:
            yield chunks
    else:
        from .records_sql import update_lines

        lines = update_lines(
            selection.updates, progress=progress, public=selection.public
        )
        yield ((line, 1) for line in lines)


def records(selection: Selection, *, progress=None) -> Iterator[dict]:
    """The records as dicts, in order (the Python path on every database)."""
    yield from entity_records(selection)
    yield from _updates(selection, progress)
    yield from affiliation_records(selection)
    yield from event_records(selection)


def entity_records(selection: Selection) -> Iterator[dict]:
    yield from _entities(
        "place", shapes.PLACE, selection.places, shapes.PLACE_ALIAS, selection
    )
    yield from _organizations(selection.organizations, selection)
    yield from _entities(
        "person", shapes.PERSON, selection.persons, shapes.PERSON_ALIAS, selection
    )
    stories = shapes.STORY.rows(selection.stories, public_only=selection.public)
    for row in stories.iterator():
        yield {"type": "story", **shapes.STORY.record(row)}


def affiliation_records(selection: Selection) -> Iterator[dict]:
    rows = shapes.AFFILIATION.rows(selection.affiliations, public_only=selection.public)
    for row in rows.iterator():
        yield {"type": "affiliation", **shapes.AFFILIATION.record(row)}


def event_records(selection: Selection) -> Iterator[dict]:
    """Events with their actors, figures and reports inside, and the uids of the
    quotes about them. In a slice, an event names only the slice's updates and
    quotes: a figure reported by an update outside it keeps no update."""
    public_only = selection.public
    rows = shapes.EVENT.rows(selection.events, public_only=public_only)
    in_slice = (
        None if selection.events_whole else selection.updates.order_by().values("id")
    )
    for batch in batches(rows.iterator(chunk_size=BATCH)):
        ids = [row["_id"] for row in batch]
        parts = {}
        for key, shape in shapes.EVENT_PARTS.items():
            found = selection.parts(shape.model).filter(event__in=ids)
            if key == "reports" and in_slice is not None:
                found = found.filter(update__in=in_slice)
            parts[key] = _grouped(shape, found, public_only=public_only)
        quotes = selection.parts(Quote).filter(event__in=ids)
        outside = set()
        if in_slice is not None:
            quotes = quotes.filter(update__in=in_slice)
            figures = selection.parts(ReportedFigure).filter(event__in=ids)
            outside = set(
                figures.exclude(update__in=in_slice).values_list("uid", flat=True)
            )
        about = defaultdict(list)
        for row in shapes.EVENT_QUOTE.rows(quotes):
            about[row["_group"]].append(row["uid"])
        for row in batch:
            record = {"type": "event", **shapes.EVENT.record(row)}
            for key in shapes.EVENT_PARTS:
                record[key] = parts[key].get(row["_id"], [])
            for figure in record["figures"]:
                if figure["uid"] in outside:
                    figure["update"] = None
            record["quotes"] = about.get(row["_id"], [])
            yield record


def _entities(kind, shape, queryset, alias_shape, selection, *, keep_id=False):
    """Entity records with their aliases inside, in batches."""
    rows = shape.rows(queryset, public_only=selection.public)
    for batch in batches(rows.iterator(chunk_size=BATCH)):
        ids = [row["_id"] for row in batch]
        aliases = _grouped(
            alias_shape,
            selection.parts(alias_shape.model).filter(
                **{f"{alias_shape.group}__in": ids}
            ),
        )
        for row in batch:
            record = {"type": kind, **shape.record(row)}
            record["aliases"] = aliases.get(row["_id"], [])
            if keep_id:
                record["_id"] = row["_id"]
            yield record


def _organizations(chosen, selection) -> Iterator[dict]:
    """Organizations, each after its parent (when the parent is in the dump).

    Level by level from the top, so that only one level's ids are held, not the
    records (the model's validation keeps parents from forming a cycle).
    """
    level = chosen.exclude(parent__in=chosen)
    while level is not None:
        ids = []
        for record in _entities(
            "organization",
            shapes.ORGANIZATION,
            level,
            shapes.ORGANIZATION_ALIAS,
            selection,
            keep_id=True,
        ):
            ids.append(record.pop("_id"))
            yield record
        level = chosen.filter(parent__in=ids) if ids else None


def _updates(selection: Selection, progress) -> Iterator[dict]:
    public_only = selection.public
    rows = shapes.UPDATE.rows(selection.updates, public_only=public_only)
    for batch in batches(rows.iterator(chunk_size=BATCH)):
        ids = [row["_id"] for row in batch]
        parts = {
            key: _grouped(
                shape,
                selection.parts(shape.model).filter(update__in=ids),
                public_only=public_only,
            )
            for key, shape in shapes.UPDATE_PARTS.items()
        }
        credits = _grouped(
            shapes.CREDIT,
            selection.parts(Credit).filter(media__update__in=ids),
            public_only=public_only,
        )
        for row in batch:
            record = {"type": "update", **shapes.UPDATE.record(row)}
            for key in shapes.UPDATE_PARTS:
                record[key] = parts[key].get(row["_id"], [])
            for media in record["media"]:
                media["credits"] = credits.get(media.pop("_id"), [])
            yield record
        if progress:
            progress(len(batch))


def ninjs_lines(updates, *, url, progress=None, public=False) -> Iterator[bytes]:
    """One IPTC ninjs 3.1 object per update, a line each (no header or footer:
    every line is a plain ninjs document). `url` makes an absolute URI of a path.
    With `public`, only what the public sees (newsarchive.public).
    """
    from items.models import Update
    from items.ninjs import related_for_ninjs, update_to_ninjs

    if public:
        updates = only_public(updates)
    ids = updates.order_by("published_at", "id").values_list("id", flat=True)
    for batch in batches(ids.iterator(chunk_size=BATCH)):
        loaded = Update.objects.filter(pk__in=batch).prefetch_related(
            *related_for_ninjs(public)
        )
        by_id = {update.pk: update for update in loaded}
        for pk in batch:
            yield _line(update_to_ninjs(by_id[pk], url=url))
        if progress:
            progress(len(batch))


def _grouped(shape, queryset, *, public_only=False) -> dict[int, list[dict]]:
    """Records of `shape` from `queryset`, listed under their group's id."""
    grouped = defaultdict(list)
    keep_id = shape.model is shapes.UPDATE_PARTS["media"].model
    for row in shape.rows(queryset, public_only=public_only):
        record = shape.record(row)
        if keep_id:  # credits are attached to their media by id
            record["_id"] = row["_id"]
        grouped[row["_group"]].append(record)
    return grouped


def batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    """`rows` in lists of `size`, the last shorter."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _line(record: dict) -> bytes:
    return orjson.dumps(record, default=_default, option=OPTIONS) + b"\n"


def _default(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
