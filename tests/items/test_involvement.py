"""The involvement tables follow the links they derive from.

They are kept by database triggers (items/migrations/0008), so these tests write
through the ordinary paths (models, services, merges) and read the tables back.
"""

import datetime
import importlib

import pytest
from django.db import connection

from items.models import (
    Contribution,
    Credit,
    OrganizationInvolvement,
    OrganizationMention,
    PersonInvolvement,
    PersonMention,
    Quote,
    Update,
)
from items.services import save_update
from people.services import merge_organizations, merge_people

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


def pairs() -> set[tuple[int, int]]:
    return set(PersonInvolvement.objects.values_list("person_id", "update_id"))


def organization_pairs() -> set[tuple[int, int]]:
    return set(
        OrganizationInvolvement.objects.values_list("organization_id", "update_id")
    )


def derived_pairs() -> set[tuple[int, int]]:
    """What the person table should hold, computed from the links in Python."""
    found = set(PersonMention.objects.values_list("person_id", "update_id"))
    found |= set(
        Quote.objects.exclude(person=None).values_list("person_id", "update_id")
    )
    found |= set(
        Contribution.objects.exclude(person=None).values_list("person_id", "update_id")
    )
    return found


def derived_organization_pairs() -> set[tuple[int, int]]:
    """What the organization table should hold, computed from the links in Python."""
    found = set(OrganizationMention.objects.values_list("organization_id", "update_id"))
    found |= set(
        Quote.objects.exclude(organization=None).values_list(
            "organization_id", "update_id"
        )
    )
    found |= set(
        Credit.objects.exclude(organization=None).values_list(
            "organization_id", "media__update_id"
        )
    )
    found |= set(
        Contribution.objects.exclude(organization=None).values_list(
            "organization_id", "update_id"
        )
    )
    return found


def test_each_kind_of_link_involves_the_person_once():
    update = UpdateFactory()
    person = PersonFactory()
    mention = PersonMentionFactory(update=update, person=person)
    quote = QuoteFactory(update=update, person=person)
    contribution = ContributionFactory(update=update, person=person)
    assert pairs() == {(person.pk, update.pk)}
    row = PersonInvolvement.objects.get()
    assert row.published_at == update.published_at

    # The pair stays while any link remains, and goes with the last one.
    mention.delete()
    contribution.delete()
    assert pairs() == {(person.pk, update.pk)}
    quote.delete()
    assert pairs() == set()


def test_each_kind_of_link_involves_the_organization_once():
    update = UpdateFactory()
    kremlin = OrganizationFactory()
    mention = OrganizationMentionFactory(update=update, organization=kremlin)
    quote = QuoteFactory(update=update, person=None, organization=kremlin)
    credit = CreditFactory(media=MediaFactory(update=update), organization=kremlin)
    contribution = ContributionFactory(update=update, person=None, organization=kremlin)
    assert organization_pairs() == {(kremlin.pk, update.pk)}
    assert OrganizationInvolvement.objects.get().published_at == update.published_at
    mention.delete()
    quote.delete()
    credit.delete()
    # "Some information was provided by Reuters": the contribution alone keeps it.
    assert organization_pairs() == {(kremlin.pk, update.pk)}
    assert pairs() == set()  # no person contributed
    contribution.delete()
    assert organization_pairs() == set()


def test_a_contribution_counts_for_whichever_party_it_names():
    update = UpdateFactory()
    reuters = OrganizationFactory()
    ContributionFactory(update=update, role="contributor")
    by_reuters = ContributionFactory(
        update=update, person=None, organization=reuters, role="contributor"
    )
    assert organization_pairs() == {(reuters.pk, update.pk)}
    assert pairs() == derived_pairs()
    # Moved to another update, it takes its pair along.
    other = UpdateFactory()
    by_reuters.update = other
    by_reuters.save()
    assert organization_pairs() == {(reuters.pk, other.pk)}
    assert organization_pairs() == derived_organization_pairs()


def test_a_quote_counts_for_whichever_speaker_it_names():
    by_person = QuoteFactory(organization=None)
    by_organization = QuoteFactory(person=None, organization=OrganizationFactory())
    assert pairs() == {(by_person.person_id, by_person.update_id)}
    assert organization_pairs() == {
        (by_organization.organization_id, by_organization.update_id)
    }
    # A credit for a person (a photographer) involves no organization.
    CreditFactory(organization=None, person=PersonFactory())
    assert len(organization_pairs()) == 1


def test_moving_a_link_moves_the_pair():
    first, second = UpdateFactory(), UpdateFactory()
    girkin, kramer = PersonFactory(), PersonFactory()
    quote = QuoteFactory(update=first, person=girkin)
    quote.update = second
    quote.person = kramer
    quote.save()
    assert pairs() == {(kramer.pk, second.pk)}
    assert PersonInvolvement.objects.get().published_at == second.published_at


def test_moving_media_moves_its_credits_organizations():
    first, second = UpdateFactory(), UpdateFactory()
    credit = CreditFactory(media=MediaFactory(update=first))
    also_mentioned = OrganizationMentionFactory(update=first)
    CreditFactory(media=credit.media, organization=also_mentioned.organization)
    media = credit.media
    media.update = second
    media.save()
    assert organization_pairs() == {
        (credit.organization_id, second.pk),
        (also_mentioned.organization_id, first.pk),  # still mentioned there
        (also_mentioned.organization_id, second.pk),
    }
    assert organization_pairs() == derived_organization_pairs()


def test_a_new_publication_date_is_followed():
    mention = PersonMentionFactory()
    OrganizationMentionFactory(update=mention.update)
    update = mention.update
    update.published_at += datetime.timedelta(days=3)
    save_update(update, acting_user=None)
    assert PersonInvolvement.objects.get().published_at == update.published_at
    assert OrganizationInvolvement.objects.get().published_at == update.published_at


def test_merges_move_the_pairs():
    kept, duplicate = PersonFactory(), PersonFactory()
    both = UpdateFactory()
    PersonMentionFactory(update=both, person=kept)
    PersonMentionFactory(update=both, person=duplicate)
    only_duplicate = QuoteFactory(person=duplicate).update
    merge_people(kept, duplicate=duplicate, acting_user=None)
    assert pairs() == {(kept.pk, both.pk), (kept.pk, only_duplicate.pk)}

    agency, same_agency = OrganizationFactory(), OrganizationFactory()
    credit = CreditFactory(organization=same_agency)
    merge_organizations(agency, duplicate=same_agency, acting_user=None)
    assert organization_pairs() == {(agency.pk, credit.media.update_id)}


def test_deleting_an_update_takes_its_pairs():
    mention = PersonMentionFactory()
    ContributionFactory(update=mention.update)
    CreditFactory(media=MediaFactory(update=mention.update))
    Update.objects.get(pk=mention.update_id).delete()
    assert pairs() == set()
    assert organization_pairs() == set()


def test_the_demo_archive_is_fully_derived(demo):
    assert pairs() == derived_pairs()
    assert organization_pairs() == derived_organization_pairs()
    assert len(pairs()) > 1  # the demo update names several persons
    assert len(organization_pairs()) > 1


def test_the_migration_fills_the_tables_from_existing_links(demo):
    migration = importlib.import_module("items.migrations.0008_involvement")
    expected = pairs(), organization_pairs()
    PersonInvolvement.objects.all().delete()
    OrganizationInvolvement.objects.all().delete()
    with connection.cursor() as cursor:
        for table in migration.KINDS:
            cursor.execute(migration.fill(table))
    assert (pairs(), organization_pairs()) == expected
    dates = dict(Update.objects.values_list("pk", "published_at"))
    for model in (PersonInvolvement, OrganizationInvolvement):
        for row in model.objects.all():
            assert row.published_at == dates[row.update_id]
