import os

import pytest
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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
