"""A request whose database work runs over STATEMENT_TIMEOUT is a 503, not a 500,
and frees its worker; the limit does not outlive the request."""

from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from items.models import Update
from items.synthetic import generate_archive


@contextmanager
def sharing(times: int):
    """The connection shared between threads `times` times over, as the live
    server of an earlier browser test in this process may have left it (its
    fixture lasts the session), for the length of the block."""
    before = 0
    while connection.allow_thread_sharing:
        connection.dec_thread_sharing()
        before += 1
    for _ in range(times):
        connection.inc_thread_sharing()
    try:
        yield
    finally:
        for _ in range(times):
            connection.dec_thread_sharing()
        for _ in range(before):
            connection.inc_thread_sharing()


def test_a_request_over_the_limit_is_a_json_503_on_sqlite(client, settings, db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's progress handler; PostgreSQL's limit is tested below")
    with sharing(0):
        over_the_limit_on_sqlite(client, settings)


def over_the_limit_on_sqlite(client, settings):
    generate_archive(updates=300, seed=3)
    Update.objects.update(status=Update.Status.PUBLISHED)
    settings.STATEMENT_TIMEOUT = 1e-6  # past at the handler's first look
    response = client.get("/api/v1/updates/", {"page_size": 500, "q": "drone"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["code"] == "timeout" and "narrow it" in body["detail"].lower()

    settings.STATEMENT_TIMEOUT = 10
    assert client.get("/api/v1/updates/", {"page_size": 500}).status_code == 200
    # Outside a request there is no limit: the handler is gone.
    assert Update.objects.count() == 300


def test_a_connection_shared_between_threads_gets_no_sqlite_handler(
    client, settings, db
):
    """The test suite's in-memory database, shared with a live server's
    request threads, is left without the handler: a handler that runs Python
    inside SQLite's lock deadlocks two threads using one connection (seen
    hanging a browser test for good). Unshared, the same request is stopped."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's progress handler")
    generate_archive(updates=300, seed=3)
    Update.objects.update(status=Update.Status.PUBLISHED)
    settings.STATEMENT_TIMEOUT = 1e-6
    query = {"page_size": 500, "q": "drone"}
    with sharing(1):
        assert client.get("/api/v1/updates/", query).status_code == 200
    with sharing(0):
        assert client.get("/api/v1/updates/", query).status_code == 503


@pytest.mark.django_db(transaction=True)
def test_a_statement_past_the_limit_is_cancelled_on_postgresql(client, settings):
    """A lock held elsewhere makes the request wait: PostgreSQL cancels it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement_timeout")
    settings.STATEMENT_TIMEOUT = 0.5
    params = connection.get_connection_params()
    holder = psycopg.connect(
        **{k: v for k, v in params.items() if k != "cursor_factory"}
    )
    try:
        holder.execute("LOCK TABLE items_update IN ACCESS EXCLUSIVE MODE")
        response = client.get("/api/v1/updates/")
        assert response.status_code == 503
        assert response.json()["code"] == "timeout"
    finally:
        holder.rollback()
        holder.close()
    assert client.get("/api/v1/updates/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.django_db(transaction=True)
def test_an_admin_page_over_the_limit_is_a_plain_503(client, settings, curator):
    if connection.vendor != "postgresql":
        pytest.skip("a lock wait needs PostgreSQL")
    client.force_login(curator)
    settings.STATEMENT_TIMEOUT = 0.5
    params = connection.get_connection_params()
    holder = psycopg.connect(
        **{k: v for k, v in params.items() if k != "cursor_factory"}
    )
    try:
        holder.execute("LOCK TABLE items_update IN ACCESS EXCLUSIVE MODE")
        response = client.get("/admin/items/update/")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert b"Narrow it" in response.content
