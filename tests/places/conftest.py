import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction


@contextmanager
def loaded(django_db_blocker, **options):
    """The gazetteer for one test module, rolled back after it (see
    tests/importer/conftest.py: the suite runs with `--dist loadscope`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_gazetteer", stdout=io.StringIO(), **options)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def russia_and_ukraine(django_db_setup, django_db_blocker):
    """Russia and Ukraine with their towns of 15,000 or more: quick to load."""
    with loaded(django_db_blocker, countries="RU,UA", detailed=""):
        yield


@pytest.fixture(scope="module")
def ukraine_in_full(django_db_setup, django_db_blocker):
    """Ukraine as `make run` loads it: every GeoNames place, villages too."""
    with loaded(django_db_blocker, countries="UA"):
        yield
