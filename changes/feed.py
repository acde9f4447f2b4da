"""Reading the changes in order: positions, the horizon, and feed entries.

A position is where a reader stands in the feed, "TXID.ID" (`Position`): the
changes past it are those of later transactions, or later in the same one.
Readers keep it across restarts, in their own storage; it is never a time.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.db import connection, connections
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL

from newsarchive.filters import InRangeIsoDateTimeField

from .models import BASELINE, Change

POSITION = re.compile(r"^([0-9]{1,18})\.([0-9]{1,18})$")

# PostgreSQL: every transaction older than the oldest one still running has
# ended, so the changes it wrote are all there to read; a reader that stops
# below it never misses one committed later. A transaction reads its own.
# Transaction ids are the cluster's, but one running in another database (a
# second archive, another test process) can never write a change here, so it
# is passed over when its backend shows it. One whose backend cannot be seen
# (the stats hide it from this role, or a hot standby, whose snapshot holds
# the primary's transactions in no backend here) still holds the horizon.
SETTLED = """(
    SELECT CASE WHEN pg_is_in_recovery() THEN pg_snapshot_xmin(snapshot)
      ELSE coalesce(
        (SELECT min(running) FROM pg_snapshot_xip(snapshot) AS running
         WHERE NOT EXISTS (
           SELECT FROM pg_stat_activity AS elsewhere
           WHERE elsewhere.backend_xid = running::xid
             AND elsewhere.datname <> current_database())),
        pg_snapshot_xmax(snapshot))
      END::text::bigint
    FROM pg_current_snapshot() AS snapshot)"""
OWN = "pg_current_xact_id_if_assigned()::text::bigint"


@dataclass(frozen=True, order=True)
class Position:
    txid: int
    id: int

    def __str__(self):
        return f"{self.txid}.{self.id}"

    @classmethod
    def parse(cls, value: str) -> "Position":
        found = POSITION.match(value)
        if not found:
            raise ValueError(f"{value!r} is not a position (TXID.ID).")
        return cls(int(found[1]), int(found[2]))

    def past(self) -> Q:
        """Changes past this position."""
        return Q(txid__gt=self.txid) | Q(txid=self.txid, id__gt=self.id)


START = Position(0, 0)


def settled(changes=None):
    """The changes a reader may take without missing an earlier one later."""
    changes = Change.objects.all() if changes is None else changes
    if connection.vendor != "postgresql":
        return changes
    return changes.filter(Q(txid__lt=RawSQL(SETTLED, [])) | Q(txid=RawSQL(OWN, [])))


def horizon(using: str = "default") -> Position:
    """A position below every change not yet readable, at or past every change
    this transaction sees: where a dump written now leaves its reader.

    On PostgreSQL it may stand before changes the dump holds (transactions
    still running when the oldest of them began): the next incremental dump
    gives those again, which changes nothing.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {SETTLED}, {OWN}")
            settled_below, own = cursor.fetchone()
        if own is None:
            return Position(settled_below, 0)
        # A transaction that wrote changes and dumps them (a test's, a load
        # followed by an export): past its own changes too.
        last = (
            Change.objects.using(using)
            .filter(txid=own)
            .order_by("-id")
            .values_list("id", flat=True)
        ).first()
        return Position(own, last or 0)
    changes = Change.objects.using(using)
    last = changes.order_by("-id").values_list("id", flat=True).first()
    return Position(0, last or 0)


def position_at(moment: datetime.datetime) -> Position:
    """The position just before the first change noted at or after `moment`."""
    first = (
        Change.objects.filter(at__gte=moment)
        .order_by("at", "id")
        .values_list("txid", "id")
        .first()
    )
    if first is None:
        return horizon()
    return Position(first[0], first[1] - 1)


def parse_since(value: str) -> Position:
    """A position ("TXID.ID"), or an ISO 8601 date or time: the position just
    before the first change at or after it. ValueError when it is neither."""
    if "." in value and ":" not in value and "-" not in value:
        return Position.parse(value)
    try:
        moment = InRangeIsoDateTimeField().clean(value)
    except forms.ValidationError:
        raise ValueError(
            f"{value!r} is neither a position (TXID.ID) nor an ISO 8601 time."
        ) from None
    return position_at(moment)


@dataclass(frozen=True)
class Entry:
    """One record's change, as the feed lists it."""

    position: Position
    kind: str
    record_id: int
    key: str
    action: str  # created, changed, deleted, merged
    at: datetime.datetime
    into: str = ""
    was: str = ""  # changed: the key it had before, when that changed


def entries(after: Position, limit: int) -> tuple[list[Entry], Position]:
    """Up to `limit` entries past `after`, and the position after the last.

    Consecutive changes to one record (an update saved with its quotes, or
    deleted with them) make one entry: what the record became, from what it
    was before them. A change that leaves a record hidden before and after (a
    draft edited) is read past, and lists nothing.
    """
    reading = max(limit * 5, 500)
    earlier = (
        Change.objects.filter(kind=OuterRef("kind"), record_id=OuterRef("record_id"))
        .filter(
            Q(txid__lt=OuterRef("txid"))
            | Q(txid=OuterRef("txid"), id__lt=OuterRef("id"))
        )
        .order_by("-txid", "-id")
    )
    rows = list(
        settled()
        .filter(after.past())
        .exclude(history_type=BASELINE)
        .in_order()
        .annotate(was_public=Subquery(earlier.values("public")[:1]))[:reading]
    )
    runs: list[list[Change]] = []
    for row in rows:
        if runs and (runs[-1][0].kind, runs[-1][0].record_id) == (
            row.kind,
            row.record_id,
        ):
            runs[-1].append(row)
        else:
            runs.append([row])
    if len(rows) == reading and len(runs) > 1:
        runs.pop()  # it may go on past what was read: the next page starts it
    found, position = [], after
    for run in runs:
        if len(found) == limit:
            break
        entry = _entry(run)
        position = entry.position if entry else _position(run[-1])
        if entry is not None:
            found.append(entry)
    return found, position


def _entry(run: list[Change]) -> Entry | None:
    first, last = run[0], run[-1]
    if first.was_public is not None:
        before = first.was_public
    elif first.own and first.history_type == "+":
        before = False
    elif last.own and last.history_type == "-":
        before = True  # noted before the feed began, then deleted
    else:
        before = first.public  # noted before the feed began: as it was then
    after = last.public
    if before and after:
        action = "changed"
    elif after:
        action = "created"
    elif before:
        action = "merged" if last.merged_into else "deleted"
    else:
        return None
    was = next((change.previous_key for change in run if change.previous_key), "")
    return Entry(
        position=_position(last),
        kind=last.kind,
        record_id=last.record_id,
        key=last.key,
        action=action,
        at=last.at,
        into=last.merged_into if action == "merged" else "",
        was=was if action == "changed" and was != last.key else "",
    )


def _position(change: Change) -> Position:
    return Position(change.txid, change.id)
