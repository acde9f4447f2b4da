"""The kept word counts follow every published update's search vector.

PostgreSQL only (items/migrations/0017): SQLite's FTS5 search counts its own way.
These tests write through the ordinary paths and compare the table with the
counts computed from scratch over the published updates.
"""

import importlib

import pytest
from django.db import connection

from items.models import Update, UpdateWordCount
from items.search import kept_word_count
from items.services import save_update
from items.synthetic import generate_archive
from people.services import merge_people

from ..people.factories import PersonFactory
from .factories import QuoteFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("word counts are kept on PostgreSQL; SQLite's FTS5 counts")


def kept() -> dict[str, int]:
    """The kept counts; a word no published update holds any more stays, as 0."""
    counts = UpdateWordCount.objects.filter(updates__gt=0)
    return dict(counts.values_list("lexeme", "updates"))


def derived() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, count(*) FROM items_update u, "
            "unnest(tsvector_to_array(u.search_document)) lexeme "
            "WHERE u.status = 'published' GROUP BY lexeme"
        )
        return dict(cursor.fetchall())


def test_counts_follow_text_status_and_quotes():
    published = UpdateFactory(
        status=Update.Status.PUBLISHED, headline="Drones over Belgorod"
    )
    UpdateFactory(status=Update.Status.PUBLISHED, headline="A drone downed")
    draft = UpdateFactory(headline="Drone debris in a draft")
    assert kept() == derived()
    assert kept()["drone"] == 2
    assert "debri" not in kept()

    published.body = "Shelling of Shebekino"
    save_update(published, acting_user=None)
    draft.status = Update.Status.PUBLISHED
    save_update(draft, acting_user=None)
    assert kept() == derived()
    assert kept()["drone"] == 3 and kept()["shebekino"] == 1

    speaker = PersonFactory(is_confirmed=False)
    quote = QuoteFactory(update=published, person=speaker, text="Partisans advance")
    assert "partisan" not in kept()  # a hidden speaker's words are not searched
    speaker.is_confirmed = True
    speaker.save()
    assert kept()["partisan"] == 1
    merge_people(PersonFactory(), duplicate=speaker, acting_user=None)
    quote.delete()
    assert kept() == derived()

    Update.objects.filter(pk=draft.pk).delete()
    draft_again = UpdateFactory(status=Update.Status.PUBLISHED, headline="drone")
    draft_again.status = Update.Status.DRAFT
    save_update(draft_again, acting_user=None)
    assert kept() == derived()
    assert kept()["drone"] == 2
    assert kept_word_count("drones") == 2
    assert kept_word_count("debris") == 0


def test_a_generated_archive_is_counted_once():
    generate_archive(updates=300, seed=3)  # its triggers off, counted at the end
    assert kept() == derived()
    generate_archive(updates=100, seed=4)
    assert kept() == derived()
    UpdateFactory(status=Update.Status.PUBLISHED, headline="drone")
    assert kept() == derived()


def test_the_migration_counts_the_archive_as_it_is():
    migration = importlib.import_module("items.migrations.0017_public_word_counts")
    generate_archive(updates=100, seed=5)
    UpdateWordCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert kept() == derived()
    assert kept()
