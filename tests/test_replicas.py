"""Read replicas, on a real streaming replica (`make replica`, scripts/replica).

The archive runs as it does in production, in gunicorn, with
DATABASE_REPLICA_URLS naming the replica. Which database answered is told by
what it holds: the replica's replay is paused, a record is written on the
primary, and only a read from the primary finds it.

CI (.ci/run) starts the replica and sets TEST_REPLICA_URL; without it these
tests skip, except under CI on PostgreSQL, where they fail.
"""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

from items.models import Update
from tests.items.factories import UpdateFactory
from tokens.services import create_token

ROOT = Path(__file__).resolve().parents[1]
REPLICA_URL = os.environ.get("TEST_REPLICA_URL", "")

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def replica():
    """The replica's base URL; the test database is there as on the primary."""
    if connection.vendor != "postgresql":
        pytest.skip("replicas are PostgreSQL's")
    if not REPLICA_URL:
        if os.environ.get("CI"):
            pytest.fail("CI runs the replica tests: TEST_REPLICA_URL is not set")
        pytest.skip("no replica: run `make replica` and set TEST_REPLICA_URL")
    try:
        psycopg.connect(f"{REPLICA_URL}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        pytest.fail(f"the replica at {REPLICA_URL} does not answer: {error}")
    yield REPLICA_URL
    _replica_sql(REPLICA_URL, "SELECT pg_wal_replay_resume()")


def _replica_sql(base: str, sql: str):
    with psycopg.connect(f"{base}/postgres", autocommit=True) as replica:
        return replica.execute(sql).fetchone()


def caught_up(base: str) -> None:
    """Wait until the replica has replayed everything committed so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    for _ in range(200):
        (done,) = _replica_sql(
            base, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        )
        if done:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up in 10 s")


@contextmanager
def paused(base: str):
    """The replica stops applying changes: it holds what it held."""
    caught_up(base)
    _replica_sql(base, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        _replica_sql(base, "SELECT pg_wal_replay_resume()")


@contextmanager
def serving(replica: str, **settings):
    """The archive in gunicorn on a free port, reading from `replica`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    name = connection.settings_dict["NAME"]
    primary = (
        f"postgres://postgres@127.0.0.1:{connection.settings_dict['PORT'] or 5432}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"{primary}/{name}",
        "DATABASE_REPLICA_URLS": f"{replica}/{name}",
        "DJANGO_DEBUG": "1",  # static files uncollected: served as they are
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "replica-tests-" + "x" * 40,
        **{key: str(value) for key, value in settings.items()},
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsarchive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/healthz", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def update_ids(response) -> set[int]:
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()["results"]}


def test_public_reads_come_from_the_replica_and_curators_from_the_primary(
    replica, django_user_model
):
    older = UpdateFactory(status=Update.Status.PUBLISHED)
    curator = django_user_model.objects.create_user("c", is_staff=True)
    researcher = django_user_model.objects.create_user("r")
    _, curator_key = create_token(curator)
    _, researcher_key = create_token(researcher)
    with serving(replica, REPLICA_MAX_LAG=3600) as url, paused(replica):
        newer = UpdateFactory(status=Update.Status.PUBLISHED)  # the primary's only
        lists = f"{url}/api/v1/updates/"
        # The public, and a researcher's token: the replica's archive.
        assert update_ids(requests.get(lists)) == {older.pk}
        by_researcher = requests.get(
            lists, headers={"Authorization": f"Token {researcher_key}"}
        )
        assert update_ids(by_researcher) == {older.pk}
        # The change feed reads the replica's changes: the older update only.
        feed = requests.get(f"{url}/api/v1/changes/").json()["results"]
        listed = {entry["id"] for entry in feed if entry["type"] == "update"}
        assert listed == {older.pk}
        # The export API streams from the replica too.
        export = requests.get(f"{url}/api/v1/export/")
        assert str(older.uid) in export.text and str(newer.uid) not in export.text
        # A curator reads their own writes: from the primary.
        by_curator = requests.get(
            lists, headers={"Authorization": f"Bearer {curator_key}"}
        )
        assert update_ids(by_curator) == {older.pk, newer.pk}
        health = requests.get(f"{url}/healthz").json()
        assert health["database"]["replicas"]["replica1"]["status"] == "ok"


def test_a_curators_session_reads_what_was_just_written(replica, django_user_model):
    django_user_model.objects.create_superuser("c", password="pw-123456-x")
    with serving(replica, REPLICA_MAX_LAG=3600) as url, paused(replica):
        session = requests.Session()
        login = session.get(f"{url}/admin/login/")
        token = login.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        session.post(
            f"{url}/admin/login/",
            data={
                "username": "c",
                "password": "pw-123456-x",
                "csrfmiddlewaretoken": token,
                "next": "/admin/",
            },
            headers={"Referer": f"{url}/admin/login/"},
        )
        written = UpdateFactory(status=Update.Status.DRAFT, headline="Just written")
        mine = session.get(f"{url}/api/v1/updates/")
        assert update_ids(mine) == {written.pk}
        page = session.get(f"{url}/admin/items/update/{written.pk}/change/")
        assert "Just written" in page.text
        # The public reads from the replica, which has not seen it.
        assert update_ids(requests.get(f"{url}/api/v1/updates/")) == set()


def test_a_replica_stopped_mid_test_is_skipped_without_an_error(replica):
    first = UpdateFactory(status=Update.Status.PUBLISHED)
    caught_up(replica)
    # Its health is remembered for a minute: the stop is found by a failed read.
    with serving(replica, REPLICA_MAX_LAG=3600, REPLICA_CHECK_INTERVAL=60) as url:
        assert update_ids(requests.get(f"{url}/api/v1/updates/")) == {first.pk}
        subprocess.run([ROOT / "scripts" / "replica", "stop"], check=True)
        try:
            second = UpdateFactory(status=Update.Status.PUBLISHED)
            for _ in range(5):
                response = requests.get(f"{url}/api/v1/updates/")
                assert update_ids(response) == {first.pk, second.pk}
            counted = requests.get(f"{url}/api/v1/updates/count/")
            assert counted.status_code == 200
            health = requests.get(f"{url}/healthz")
            assert health.status_code == 200  # the primary serves: still in service
            body = health.json()
            assert body["status"] == "degraded"
            assert body["database"]["replicas"]["replica1"]["status"] == "down"
        finally:
            subprocess.run([ROOT / "scripts" / "replica", "start"], check=True)


def test_a_lagging_replica_is_skipped_and_its_lag_reported(replica):
    lagging = serving(replica, REPLICA_MAX_LAG=1, REPLICA_CHECK_INTERVAL=0)
    with lagging as url, paused(replica):
        late = UpdateFactory(status=Update.Status.PUBLISHED)
        time.sleep(2.5)
        # More than a second behind: the primary answers, with the new update.
        assert update_ids(requests.get(f"{url}/api/v1/updates/")) == {late.pk}
        health = requests.get(f"{url}/healthz").json()
        replica_state = health["database"]["replicas"]["replica1"]
        assert replica_state["status"] == "lagging"
        assert replica_state["lag_seconds"] > 1
        assert health["status"] == "degraded"
