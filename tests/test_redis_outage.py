"""Redis down: the archive goes on serving, and forgets what the outage hid.

A real Redis server of the test's own is started, paused (SIGSTOP: connections
hang, as with a host gone) and resumed, or a port nothing listens on is named.
"""

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis

from items.models import Update
from tests.items.factories import UpdateFactory

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens there


def redis_cache(location: str, **options) -> dict:
    return {
        "default": {
            "BACKEND": "newsarchive.cache.TolerantRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "outage-test",
            "RETRY_SECONDS": 0,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            **options,
        }
    }


@pytest.fixture
def own_redis(tmp_path):
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        pytest.skip("no redis-server on this machine")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [server_binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait(10)


def test_with_redis_down_every_request_is_answered(
    client, curator, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = redis_cache(CLOSED)
    UpdateFactory(status=Update.Status.PUBLISHED)
    for path in (
        "/api/v1/updates/",
        "/api/v1/updates/count/",
        "/api/v1/changes/",
        "/api/v1/places/",
    ):
        assert client.get(path).status_code == 200, path
    health = client.get("/healthz")
    assert health.status_code == 200  # still in service
    assert health.json()["status"] == "degraded"
    assert health.json()["redis"]["status"] == "down"
    # A curator logs in (the lockout's counts live in Redis) and saves.
    login = client.post(
        "/admin/login/?next=/admin/",
        {"username": "curator", "password": "pw-123456"},
    )
    assert login.status_code == 302 and login["Location"] == "/admin/"
    with django_capture_on_commit_callbacks(execute=True):
        UpdateFactory(status=Update.Status.PUBLISHED)  # raises the version: lost


def test_answers_kept_before_an_outage_are_forgotten_after_it(
    client, settings, own_redis, django_capture_on_commit_callbacks
):
    server, location = own_redis
    settings.CACHES = redis_cache(location)
    UpdateFactory(status=Update.Status.PUBLISHED)
    count = lambda: client.get("/api/v1/updates/count/").json()["count"]  # noqa: E731
    assert count() == 1  # kept in Redis
    server.send_signal(signal.SIGSTOP)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            UpdateFactory(status=Update.Status.PUBLISHED)  # its raise is lost
        assert count() == 2  # computed: Redis does not answer
    finally:
        server.send_signal(signal.SIGCONT)
    # Redis answers again, with the answer kept before the second update: it
    # is not given, since the first call after the outage forgets them all.
    assert count() == 2
