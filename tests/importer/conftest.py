import io
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

ARTICLES = Path(__file__).parent / "articles"
SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"

# A clone without ../shared beside it skips the tests that read the seed, saying
# so; CI has it, and there a missing seed is a failure, not a skip.
needs_seed = pytest.mark.skipif(
    not (SEED / "expected.json").exists() and not os.environ.get("CI"),
    reason="../shared/seed/ is not beside this checkout: seed tests skipped",
)


@contextmanager
def _loaded(django_db_blocker, **options):
    """The gazetteer for one test module, rolled back after it.

    Loaded once inside a transaction, so the rest of the suite never sees it;
    each test's own transaction nests in it. The suite runs with
    `--dist loadscope`, so a module's tests run together on one worker.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_gazetteer", stdout=io.StringIO(), **options)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    """The whole gazetteer, as `make run` loads it: what quality is measured on."""
    with _loaded(django_db_blocker):
        yield


@pytest.fixture(scope="module")
def small_gazetteer(django_db_setup, django_db_blocker):
    """Russia, Ukraine and the United States, without their villages: enough
    for the seed's places, and quick (the `gazetteer` fixture has them all)."""
    with _loaded(django_db_blocker, countries="RU,UA,US", detailed=""):
        yield
