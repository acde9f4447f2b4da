import pytest
from django.core.exceptions import ValidationError

from items.models import Credit, PersonMention, Quote
from people.models import Alias, Organization, Person
from people.services import merge_organizations, merge_people
from tests.items.factories import (
    ContributionFactory,
    CreditFactory,
    OrganizationMentionFactory,
    PersonMentionFactory,
    QuoteFactory,
    UpdateFactory,
)

from .factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_people_moves_every_reference_and_keeps_names(django_user_model):
    user = django_user_model.objects.create_user("curator")
    keep = PersonFactory(name="Igor Girkin")
    duplicate = PersonFactory(name="Igor Strelkov")
    AliasFactory(person=duplicate, name="Strelkov")
    update = UpdateFactory()
    PersonMentionFactory(person=duplicate, update=update)
    quote = QuoteFactory(person=duplicate)
    credit = CreditFactory(person=duplicate, organization=None)
    contribution = ContributionFactory(person=duplicate)
    affiliation = AffiliationFactory(person=duplicate, title="military blogger")

    merge_people(keep, duplicate=duplicate, acting_user=user)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert PersonMention.objects.get(update=update).person == keep
    for record in (quote, credit, contribution, affiliation):
        record.refresh_from_db()
        assert record.person == keep
    assert set(keep.names()) == {"Igor Girkin", "Igor Strelkov", "Strelkov"}
    assert list(Person.objects.named("strelkov")) == [keep]
    moved = Quote.history.filter(id=quote.pk).first()
    assert moved.history_user == user
    assert "merged" in moved.history_change_reason


def test_merge_drops_a_mention_the_kept_person_already_has():
    keep, duplicate = PersonFactory(), PersonFactory()
    update = UpdateFactory()
    PersonMentionFactory(person=keep, update=update)
    PersonMentionFactory(person=duplicate, update=update)
    merge_people(keep, duplicate=duplicate, acting_user=None)
    assert list(PersonMention.objects.filter(update=update)) == [
        PersonMention.objects.get(person=keep)
    ]


def test_merge_is_one_transaction():
    person = PersonFactory()
    with pytest.raises(ValidationError):
        merge_people(person, duplicate=person, acting_user=None)
    assert Person.objects.filter(pk=person.pk).exists()


def test_merge_organizations_moves_credits_and_mentions():
    keep = OrganizationFactory(name="Ministry of Defence of the Russian Federation")
    duplicate = OrganizationFactory(name="Russian Defense Ministry")
    credit = CreditFactory(organization=duplicate)
    mention = OrganizationMentionFactory(organization=duplicate)
    child = OrganizationFactory(parent=duplicate)
    merge_organizations(keep, duplicate=duplicate, acting_user=None)
    credit.refresh_from_db()
    mention.refresh_from_db()
    child.refresh_from_db()
    assert (credit.organization, mention.organization, child.parent) == (keep,) * 3
    assert Alias.objects.get(organization=keep).name == "Russian Defense Ministry"
    assert Credit.objects.count() == 1
    assert not Organization.objects.filter(pk=duplicate.pk).exists()


def test_an_organization_cannot_be_merged_into_its_own_part():
    parent = OrganizationFactory()
    part = OrganizationFactory(parent=parent)
    with pytest.raises(ValidationError):
        merge_organizations(part, duplicate=parent, acting_user=None)


def test_merge_drops_an_alias_that_is_the_kept_name():
    keep = PersonFactory(name="Igor Girkin")
    duplicate = PersonFactory(name="Igor Strelkov")
    AliasFactory(person=duplicate, name="igor girkin")
    merge_people(keep, duplicate=duplicate, acting_user=None)
    assert keep.names() == ["Igor Girkin", "Igor Strelkov"]
