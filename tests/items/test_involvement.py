"""The Involvement table follows the mentions, quotes and contributions it derives from.

It is kept by database triggers (items/migrations/0008), so these tests write
through the ordinary paths (models, services, merges) and read the table back.
"""

import datetime
import importlib

import pytest
from django.db import connection

from items.models import Contribution, Involvement, PersonMention, Quote, Update
from items.services import save_update
from people.services import merge_people

from ..people.factories import OrganizationFactory, PersonFactory
from .factories import (
    ContributionFactory,
    PersonMentionFactory,
    QuoteFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def pairs() -> set[tuple[int, int]]:
    return set(Involvement.objects.values_list("person_id", "update_id"))


def derived_pairs() -> set[tuple[int, int]]:
    """What the table should hold, computed from the link tables in Python."""
    found = set(PersonMention.objects.values_list("person_id", "update_id"))
    found |= set(
        Quote.objects.exclude(person=None).values_list("person_id", "update_id")
    )
    found |= set(Contribution.objects.values_list("person_id", "update_id"))
    return found


def test_each_kind_of_link_involves_the_person_once():
    update = UpdateFactory()
    person = PersonFactory()
    mention = PersonMentionFactory(update=update, person=person)
    quote = QuoteFactory(update=update, person=person)
    contribution = ContributionFactory(update=update, person=person)
    assert pairs() == {(person.pk, update.pk)}
    row = Involvement.objects.get()
    assert row.published_at == update.published_at

    # The pair stays while any link remains, and goes with the last one.
    mention.delete()
    contribution.delete()
    assert pairs() == {(person.pk, update.pk)}
    quote.delete()
    assert pairs() == set()


def test_a_quote_by_an_organization_involves_no_person():
    QuoteFactory(person=None, organization=OrganizationFactory())
    assert pairs() == set()


def test_moving_a_link_moves_the_pair():
    first, second = UpdateFactory(), UpdateFactory()
    girkin, kramer = PersonFactory(), PersonFactory()
    quote = QuoteFactory(update=first, person=girkin)
    quote.update = second
    quote.person = kramer
    quote.save()
    assert pairs() == {(kramer.pk, second.pk)}
    row = Involvement.objects.get()
    assert row.published_at == second.published_at


def test_a_new_publication_date_is_followed():
    mention = PersonMentionFactory()
    update = mention.update
    update.published_at += datetime.timedelta(days=3)
    save_update(update, acting_user=None)
    assert Involvement.objects.get().published_at == update.published_at


def test_merging_people_moves_their_updates():
    kept, duplicate = PersonFactory(), PersonFactory()
    both = UpdateFactory()
    PersonMentionFactory(update=both, person=kept)
    PersonMentionFactory(update=both, person=duplicate)
    only_duplicate = QuoteFactory(person=duplicate).update
    merge_people(kept, duplicate=duplicate, acting_user=None)
    assert pairs() == {(kept.pk, both.pk), (kept.pk, only_duplicate.pk)}


def test_deleting_an_update_takes_its_pairs():
    mention = PersonMentionFactory()
    ContributionFactory(update=mention.update)
    Update.objects.get(pk=mention.update_id).delete()
    assert pairs() == set()


def test_the_demo_archive_is_fully_derived(demo):
    assert pairs() == derived_pairs()
    assert len(pairs()) > 1  # the demo update names several persons


def test_the_migration_fills_the_table_from_existing_links(demo):
    migration = importlib.import_module("items.migrations.0008_involvement")
    expected = pairs()
    Involvement.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert pairs() == expected
    dates = dict(Update.objects.values_list("pk", "published_at"))
    for row in Involvement.objects.all():
        assert row.published_at == dates[row.update_id]
