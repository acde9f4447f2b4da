"""Which involvements are public, and the day counts, follow every change.

Both are kept by database triggers (items/migrations/0016), so these tests write
through the ordinary paths (models, services, merges) and compare the tables
with what newsarchive.public's rule says, computed here in Python.
"""

import datetime
import importlib
from collections import Counter

import pytest
from django.db import connection

from items.models import (
    Contribution,
    Credit,
    OrganizationDayCount,
    OrganizationInvolvement,
    OrganizationMention,
    PersonDayCount,
    PersonInvolvement,
    PersonMention,
    Quote,
    Update,
)
from items.services import save_update
from people.services import merge_people

from ..people.factories import OrganizationFactory, PersonFactory
from .factories import (
    ContributionFactory,
    CreditFactory,
    MediaFactory,
    OrganizationMentionFactory,
    PersonMentionFactory,
    QuoteFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db
PUBLISHED = Update.Status.PUBLISHED


def flags(model, entity: str) -> dict:
    return {
        (row[0], row[1]): row[2]
        for row in model.objects.values_list(f"{entity}_id", "update_id", "is_public")
    }


def derived_flags(entity: str) -> dict:
    """Every pair, public when its update is published and a confirmed link joins it."""
    links = [
        PersonMention.objects.values_list("person_id", "update_id", "is_confirmed"),
        Quote.objects.values_list("person_id", "update_id", "is_confirmed"),
        Contribution.objects.values_list("person_id", "update_id", "is_confirmed"),
    ]
    if entity == "organization":
        links = [
            OrganizationMention.objects.values_list(
                "organization_id", "update_id", "is_confirmed"
            ),
            Quote.objects.values_list("organization_id", "update_id", "is_confirmed"),
            Credit.objects.values_list(
                "organization_id", "media__update_id", "is_confirmed"
            ),
            Contribution.objects.values_list(
                "organization_id", "update_id", "is_confirmed"
            ),
        ]
    published = set(Update.objects.filter(status=PUBLISHED).values_list("pk"))
    found: dict = {}
    for rows in links:
        for record, update, confirmed in rows:
            if record is not None:
                found[record, update] = found.get((record, update), False) or (
                    confirmed and (update,) in published
                )
    return found


def day_counts(model, entity: str) -> dict:
    return {
        (row[0], row[1]): row[2]
        for row in model.objects.values_list(f"{entity}_id", "day", "updates")
    }


def derived_day_counts(involvement, entity: str) -> dict:
    rows = involvement.objects.filter(is_public=True).values_list(
        f"{entity}_id", "published_at"
    )
    return dict(
        Counter(
            (record, moment.astimezone(datetime.UTC).date()) for record, moment in rows
        )
    )


def assert_derived():
    for involvement, days, entity in (
        (PersonInvolvement, PersonDayCount, "person"),
        (OrganizationInvolvement, OrganizationDayCount, "organization"),
    ):
        assert flags(involvement, entity) == derived_flags(entity)
        assert day_counts(days, entity) == derived_day_counts(involvement, entity)


def test_a_pair_is_public_while_its_update_is_published_and_a_link_confirmed():
    update = UpdateFactory(status=PUBLISHED)
    mention = PersonMentionFactory(update=update, is_confirmed=False)
    assert flags(PersonInvolvement, "person") == {(mention.person_id, update.pk): False}
    assert not PersonDayCount.objects.exists()

    mention.is_confirmed = True
    mention.save()
    assert flags(PersonInvolvement, "person") == {(mention.person_id, update.pk): True}
    assert day_counts(PersonDayCount, "person") == {
        (mention.person_id, update.published_at.date()): 1
    }

    update.status = Update.Status.DRAFT
    save_update(update, acting_user=None)
    assert flags(PersonInvolvement, "person") == {(mention.person_id, update.pk): False}
    assert not PersonDayCount.objects.exists()  # no day is left at zero

    update.status = PUBLISHED
    save_update(update, acting_user=None)
    assert_derived()
    assert PersonDayCount.objects.get().updates == 1


def test_one_confirmed_link_of_several_is_enough():
    update = UpdateFactory(status=PUBLISHED)
    person = PersonFactory()
    unconfirmed = QuoteFactory(update=update, person=person, is_confirmed=False)
    confirmed = PersonMentionFactory(update=update, person=person)
    ContributionFactory(update=update, person=person, is_confirmed=False)
    assert flags(PersonInvolvement, "person") == {(person.pk, update.pk): True}
    confirmed.delete()
    assert flags(PersonInvolvement, "person") == {(person.pk, update.pk): False}
    unconfirmed.is_confirmed = True
    unconfirmed.save()
    assert_derived()
    assert PersonDayCount.objects.get().updates == 1


def test_every_kind_of_organization_link_counts():
    update = UpdateFactory(status=PUBLISHED)
    OrganizationMentionFactory(update=update, is_confirmed=False)
    QuoteFactory(update=update, person=None, organization=OrganizationFactory())
    CreditFactory(media=MediaFactory(update=update))
    ContributionFactory(update=update, person=None, organization=OrganizationFactory())
    assert sorted(flags(OrganizationInvolvement, "organization").values()) == [
        False,
        True,
        True,
        True,
    ]
    assert_derived()


def test_moves_and_new_dates_move_the_day_counts():
    first = UpdateFactory(status=PUBLISHED)
    second = UpdateFactory(
        status=PUBLISHED, published_at=first.published_at + datetime.timedelta(days=5)
    )
    draft = UpdateFactory()
    quote = QuoteFactory(update=first)
    quote.update = second
    quote.save()
    assert_derived()
    credit = CreditFactory(media=MediaFactory(update=second))
    media = credit.media
    media.update = draft
    media.save()
    assert flags(OrganizationInvolvement, "organization") == {
        (credit.organization_id, draft.pk): False
    }
    media.update = first
    media.save()
    assert_derived()
    second.published_at += datetime.timedelta(days=40)
    save_update(second, acting_user=None)
    assert_derived()
    assert {day for _, day in day_counts(PersonDayCount, "person")} == {
        second.published_at.date()
    }


def test_merges_and_deletions_keep_the_counts():
    kept, duplicate = PersonFactory(), PersonFactory()
    both = UpdateFactory(status=PUBLISHED)
    PersonMentionFactory(update=both, person=kept)
    PersonMentionFactory(update=both, person=duplicate)
    QuoteFactory(update=UpdateFactory(status=PUBLISHED), person=duplicate)
    merge_people(kept, duplicate=duplicate, acting_user=None)
    assert_derived()
    assert sum(day_counts(PersonDayCount, "person").values()) == 2
    Update.objects.get(pk=both.pk).delete()
    assert_derived()
    assert sum(day_counts(PersonDayCount, "person").values()) == 1


def test_the_demo_archive_is_fully_derived(demo):
    assert_derived()
    assert PersonDayCount.objects.exists()
    assert OrganizationDayCount.objects.exists()


def test_the_migration_fills_flags_and_counts_from_existing_links(demo):
    migration = importlib.import_module("items.migrations.0016_public_involvement")
    expected = [
        (flags(involvement, entity), day_counts(days, entity))
        for involvement, days, entity in (
            (PersonInvolvement, PersonDayCount, "person"),
            (OrganizationInvolvement, OrganizationDayCount, "organization"),
        )
    ]
    with connection.cursor() as cursor:
        for table in migration.KINDS:
            cursor.execute(f"UPDATE {table} SET is_public = false")
        assert not PersonDayCount.objects.exists()  # the day triggers followed
        for statement in migration.fill_flags():
            cursor.execute(statement)
        assert (
            flags(PersonInvolvement, "person"),
            flags(OrganizationInvolvement, "organization"),
        ) == (expected[0][0], expected[1][0])
        PersonDayCount.objects.all().delete()
        OrganizationDayCount.objects.all().delete()
        for statement in migration.fill_counts(connection.vendor):
            cursor.execute(statement)
    assert day_counts(PersonDayCount, "person") == expected[0][1]
    assert day_counts(OrganizationDayCount, "organization") == expected[1][1]
