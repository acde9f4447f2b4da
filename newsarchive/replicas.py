"""Read replicas: the public API and the export API read from a streaming replica.

`DATABASE_REPLICA_URLS` (comma-separated) adds PostgreSQL streaming replicas as
the database aliases `replica1`, `replica2`... For a request that only reads
what the public sees (GET or HEAD under /api/, by anyone but a curator), the
middleware picks a replica that answers and is at most `REPLICA_MAX_LAG` seconds
behind, and the router sends that request's reads of the archive's records
there. Everything else goes to the primary (`default`): every write, everything
a curator does (so a curator reads their own writes at once), the admin, and
the bookkeeping tables (users, sessions, tokens, login failures), which a token
or a login must find the moment they are written.

A replica's health is checked at most every `REPLICA_CHECK_INTERVAL` seconds per
worker process: a check is one query, and remembering it briefly in the process
costs nothing, where asking Redis on every request would cost a round trip. A
replica that fails while a request reads from it (stopped, unreachable) is
marked down and the request is answered again from the primary, so the client
sees no error; a streamed export that has begun cannot start again, and ends
where the replica failed.
"""

import contextlib
import contextvars
import random
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

from .records import is_curator

# The archive's records: what replicas serve. Anything else is the primary's.
ARCHIVE_APPS = {"places", "people", "items", "changes"}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# The alias this request's reads go to; None: the primary.
_reading: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "reading_from", default=None
)
# alias -> (checked at, lag in seconds or None when down), this process's view.
_health: dict[str, tuple[float, float | None]] = {}

LAG = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) "
    "END"
)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def reading_alias() -> str:
    """The database this request reads the archive's records from."""
    return _reading.get() or "default"


def use_primary() -> None:
    """From now on in this request, read from the primary (a curator's token)."""
    _reading.set(None)


def lag(alias: str) -> float | None:
    """Seconds the replica `alias` is behind the primary; None when it is down
    (or is no replica at all: a primary in its place is never read as one)."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG)
            (behind,) = cursor.fetchone()
    except (OperationalError, InterfaceError, DatabaseError):
        _forget_connection(alias)
        return None
    return None if behind is None else float(behind)


def healthy_replica() -> str | None:
    """A replica that answers and is recent enough, or None for the primary."""
    fresh = [alias for alias in replica_aliases() if _usable(alias)]
    return random.choice(fresh) if fresh else None


def _usable(alias: str) -> bool:
    now = time.monotonic()
    checked_at, behind = _health.get(alias, (None, None))
    if checked_at is None or now - checked_at > settings.REPLICA_CHECK_INTERVAL:
        behind = lag(alias)
        _health[alias] = (now, behind)
    return behind is not None and behind <= settings.REPLICA_MAX_LAG


def mark_down(alias: str) -> None:
    _health[alias] = (time.monotonic(), None)
    _forget_connection(alias)


def _forget_connection(alias: str) -> None:
    with contextlib.suppress(DatabaseError):  # it is gone already
        connections[alias].close()


def health() -> dict:
    """Each replica's state, checked now: for /healthz."""
    report = {}
    for alias in replica_aliases():
        behind = lag(alias)
        _health[alias] = (time.monotonic(), behind)
        if behind is None:
            state = "down"
        elif behind > settings.REPLICA_MAX_LAG:
            state = "lagging"
        else:
            state = "ok"
        report[alias] = {"status": state, "lag_seconds": behind}
    return report


class ReplicaRouter:
    """Reads of the archive's records go where the request reads from."""

    def db_for_read(self, model, **hints):
        alias = _reading.get()
        if alias is not None and model._meta.app_label in ARCHIVE_APPS:
            return alias
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadFromReplica:
    """Picks the database a request reads from; after AuthenticationMiddleware.

    A request whose read fails on its replica is answered again from the primary.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = None
        if (
            replica_aliases()
            and request.method in SAFE_METHODS
            and request.path.startswith("/api/")
            and not is_curator(getattr(request, "user", None))
        ):
            alias = healthy_replica()
        token = _reading.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if alias is not None and getattr(response, "streaming", False):
            response.streaming_content = _reading_from(
                alias, response.streaming_content
            )
        return response

    def process_view(self, request, view, args, kwargs):
        request.replica_view = (view, args, kwargs)

    def process_exception(self, request, exception):
        alias = _reading.get()
        if alias is None or not _lost(exception):
            return None
        mark_down(alias)
        _reading.set(None)
        view, args, kwargs = request.replica_view
        return view(request, *args, **kwargs)


def _lost(exception) -> bool:
    """Whether `exception` is a replica lost (not a statement timed out)."""
    # Imported here: timeouts imports DRF, whose settings import the token
    # authentication, which imports this module.
    from .timeouts import is_timeout

    return isinstance(exception, (OperationalError, InterfaceError)) and not (
        is_timeout(exception)
    )


def _reading_from(alias: str, chunks):
    """A streamed body, each chunk made with its reads on `alias`: the stream
    runs after the view has returned, outside the request's context."""
    iterator = iter(chunks)
    while True:
        token = _reading.set(alias)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _reading.reset(token)
        yield chunk
