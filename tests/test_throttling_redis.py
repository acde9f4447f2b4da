"""Rate limits and login lockouts hold across worker processes when the counters
live in Redis.

Production runs several gunicorn workers; a limit counted in one process's memory
would let a client make workers x rate requests. Here this process spends the
allowance and a second Python process, configured only by the environment as a
worker would be, is refused.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

# A database of its own, so the test never touches a developer's cached data.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[1]
WORKER = """
import django
django.setup()
from django.test import Client
print(Client().get("/api/v1/places/").status_code)
"""


def redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        # CI's machine runs Redis, as production does: there its absence fails.
        if os.environ.get("CI"):
            pytest.fail(f"no Redis at {REDIS_URL}, and under CI Redis is required")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis, as REDIS_URL makes it; emptied before and after."""
    server = redis_or_skip()
    server.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsarchive.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsarchive",
        }
    }
    yield server
    server.flushdb()


@pytest.mark.django_db
def test_a_second_worker_sees_the_first_workers_count(
    api_client, demo, settings, redis_cache
):
    server = redis_cache
    settings.API_RATES = {"anon": "3/min", "user": "1000/min"}
    codes = [api_client.get("/api/v1/places/").status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    assert server.keys("newsarchive:*throttle_anon_*")

    worker = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsarchive.settings",
            "REDIS_URL": REDIS_URL,
            "API_ANON_RATE": "3/min",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
    )
    # A worker counting on its own would pass the request on to the view.
    assert worker.stdout.split() == ["429"], worker.stderr[-2000:]


@pytest.mark.django_db
def test_a_made_up_forwarded_address_does_not_reset_the_count_in_redis(
    api_client, demo, settings, redis_cache
):
    settings.API_RATES = {"anon": "3/min", "user": "1000/min"}
    codes = [
        api_client.get(
            "/api/v1/places/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert len(redis_cache.keys("newsarchive:*throttle_anon_*")) == 1


@pytest.mark.django_db
def test_login_failures_are_counted_in_redis(
    django_app, curator, settings, redis_cache
):
    """With REDIS_URL set, django-axes keeps its counts in the shared cache."""
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    codes = []
    for password in ["wrong"] * 5 + ["pw-123456"]:
        form = django_app.get("/admin/login/").forms["login-form"]
        form["username"], form["password"] = "curator", password
        codes.append(form.submit(expect_errors=True).status_code)
    assert codes == [200, 200, 200, 200, 429, 429]
    assert redis_cache.keys("newsarchive:*axes*")
