"""A time limit on every web request's database work, answered with a 503.

One slow query (a search no index serves, a vague filter on a large archive)
used to hold a gunicorn worker and a database connection until gunicorn killed
the worker, and the client got an HTML 500. Each request now runs its
statements under `STATEMENT_TIMEOUT` seconds: PostgreSQL's own
`statement_timeout`, or on SQLite a progress handler that interrupts a
statement past its deadline. One that runs over is a JSON 503 under /api/ and a
plain 503 elsewhere, and the worker is free again.

The limit is set at a request's first statement and taken off when it ends,
outside Django's query log (so a request's query count is unchanged), and never
for management commands, whose long statements (an import, a migration) are
expected. The export API sets its own, longer limit for its stream
(dumps.api).
"""

import contextlib
import time

from django.conf import settings
from django.db import DatabaseError, OperationalError, connections
from django.http import HttpResponse

from .exceptions import json_error

# How often, in SQLite virtual machine steps, the progress handler looks at the
# clock: about a millisecond of work.
SQLITE_STEPS = 10_000


def is_timeout(error: Exception) -> bool:
    """Whether `error` is a statement stopped by the time limit."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    return type(cause).__name__ == "QueryCanceled" or str(error) == "interrupted"


def timeout_detail() -> str:
    return (
        f"The request needed more than {settings.STATEMENT_TIMEOUT:g} s of database "
        "work and was stopped. Narrow it (a filter, a date range, a smaller "
        "page_size) and try again."
    )


def limit_statements(seconds: float | None, using: str = "default") -> None:
    """Put a connection's statements under `seconds` (None: no limit)."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        _postgresql_limit(connection, seconds)
    elif connection.vendor == "sqlite":
        _sqlite_limit(connection, seconds)


def _postgresql_limit(database, seconds: float | None) -> None:
    value = f"{int(seconds * 1000)}ms" if seconds else "0"
    try:
        # psycopg's own cursor: not a query of the request's, nor logged.
        with database.connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{value}'")
    except DatabaseError:
        pass  # a transaction already failed: its own error is the one to see


def _sqlite_limit(database, seconds: float | None) -> None:
    if database.allow_thread_sharing:
        # One connection used by several threads at once (only the test
        # suite's in-memory database, shared with its live server) gets no
        # handler. The handler runs Python inside SQLite's connection lock: a
        # thread stepping a statement waits there for the GIL, while another
        # thread holds the GIL and waits for that lock, and both hang for good.
        # A connection of its own thread, as every server's is, cannot.
        return
    if not seconds:
        database.connection.set_progress_handler(None, 0)
        return
    deadline = time.monotonic() + seconds
    database.connection.set_progress_handler(
        lambda: time.monotonic() > deadline, SQLITE_STEPS
    )


class Limit:
    """An execute wrapper that limits each statement a request runs.

    Set at the first statement, not when the request starts: a request that
    needs no database (a static file, the schema) opens no connection for it.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.set = set()  # the aliases whose connection it was set on

    def __call__(self, execute, sql, params, many, context):
        database = context["connection"]
        if database.vendor == "sqlite":
            _sqlite_limit(database, self.seconds)  # its deadline runs per statement
            self.set.add(database.alias)
        elif database.alias not in self.set and database.vendor == "postgresql":
            _postgresql_limit(database, self.seconds)
            self.set.add(database.alias)
        return execute(sql, params, many, context)

    def lift(self):
        for alias in self.set:
            if connections[alias].connection is not None:
                with contextlib.suppress(DatabaseError):  # a replica gone meanwhile
                    limit_statements(None, using=alias)


class StatementTimeout:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.STATEMENT_TIMEOUT:
            return self.get_response(request)
        limit = Limit(settings.STATEMENT_TIMEOUT)
        # Every database the request may read: the primary, and its replicas.
        with contextlib.ExitStack() as wrapped:
            for alias in settings.DATABASES:
                wrapped.enter_context(connections[alias].execute_wrapper(limit))
            try:
                return self.get_response(request)
            finally:
                limit.lift()

    def process_exception(self, request, exception):
        if not is_timeout(exception):
            return None
        if request.path.startswith("/api/"):
            response = json_error(503, "timeout", timeout_detail())
        else:
            response = HttpResponse(
                timeout_detail(), status=503, content_type="text/plain"
            )
        response["Retry-After"] = "30"
        return response
