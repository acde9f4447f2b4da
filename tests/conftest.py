import os

import pytest
from django.conf import settings
from django.db import connection

from items.demo import load_demo_archive


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'sqlite (default)'}"


@pytest.fixture(autouse=True, scope="session")
def _ci_requires_postgres(django_db_setup, django_db_blocker):
    """Under CI a PostgreSQL run must really use PostgreSQL, never quietly SQLite."""
    if os.environ.get("CI") and os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql"


@pytest.fixture
def demo(db):
    """The demo archive, loaded through the same loader as `manage.py load_demo`."""
    load_demo_archive()


@pytest.fixture
def curator(db, django_user_model):
    return django_user_model.objects.create_superuser("curator", password="pw-123456")


# With REDIS_URL set, every test process shares one Redis: each keeps its keys
# under a prefix of its own (set before the cache is first opened), so that one
# xdist worker emptying its cache never wipes another's counts mid-test.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
if "Redis" in settings.CACHES["default"]["BACKEND"]:
    PREFIX = f"newsarchive-test-{os.getpid()}-{WORKER}"
    settings.CACHES["default"]["KEY_PREFIX"] = PREFIX


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and login failures live in the cache; each test starts
    with none of its own process's."""
    from django.core.cache import cache

    if "Redis" not in type(cache).__name__:
        cache.clear()
        return
    # RedisCache.clear() empties the whole Redis database, other processes' too.
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}:*", count=1000):
        client.delete(key)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
