import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Affiliation, Organization, Person

from .factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_an_affiliation_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        AffiliationFactory(
            started_on=datetime.date(2023, 5, 1), ended_on=datetime.date(2023, 4, 1)
        )


def test_an_affiliation_form_error_names_the_end_date():
    affiliation = AffiliationFactory.build(
        person=PersonFactory(),
        started_on=datetime.date(2023, 5, 1),
        ended_on=datetime.date(2023, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        affiliation.full_clean()
    assert "ended_on" in error.value.message_dict


def test_active_on_finds_roles_held_on_a_day():
    held = AffiliationFactory(started_on=datetime.date(2020, 1, 1))
    AffiliationFactory(ended_on=datetime.date(2022, 12, 31))
    open_ended = AffiliationFactory()
    day = datetime.date(2023, 5, 24)
    assert set(Affiliation.objects.active_on(day)) == {held, open_ended}


def test_an_alias_belongs_to_exactly_one_owner():
    with pytest.raises(IntegrityError), transaction.atomic():
        AliasFactory(person=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        AliasFactory(organization=OrganizationFactory())


def test_aliases_are_unique_per_entity_ignoring_case():
    girkin = PersonFactory(name="Igor Girkin")
    AliasFactory(person=girkin, name="Igor Strelkov")
    with pytest.raises(IntegrityError), transaction.atomic():
        AliasFactory(person=girkin, name="igor strelkov")
    AliasFactory(person=PersonFactory(), name="Igor Strelkov")  # another person may


def test_person_slugs_are_unique():
    PersonFactory(slug="igor-girkin")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(slug="igor-girkin")


def test_named_finds_a_person_by_any_alias_in_one_query(django_assert_num_queries):
    girkin = PersonFactory(name="Igor Girkin")
    AliasFactory(person=girkin, name="Igor Strelkov")
    PersonFactory(name="Igor Strelkov Jr")
    with django_assert_num_queries(1):
        assert list(Person.objects.named("igor strelkov")) == [girkin]
    assert list(Person.objects.named("IGOR GIRKIN")) == [girkin]
    assert list(Person.objects.named("Strelkov")) == []


def test_names_lists_every_name_in_one_query(django_assert_num_queries):
    girkin = PersonFactory(name="Igor Girkin")
    AliasFactory(person=girkin, name="Igor Strelkov")
    AliasFactory(person=girkin, name="Mr. Girkin")
    with django_assert_num_queries(1):
        names = girkin.names()
    assert names[0] == "Igor Girkin"
    assert set(names) == {"Igor Girkin", "Igor Strelkov", "Mr. Girkin"}


def test_organizations_are_found_by_alias():
    ministry = OrganizationFactory(name="Ministry of Defence of the Russian Federation")
    AliasFactory(person=None, organization=ministry, name="Russian Defense Ministry")
    assert list(Organization.objects.named("russian defense ministry")) == [ministry]


def test_an_organization_cannot_be_its_own_parent():
    org = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=org.pk).update(parent_id=org.pk)
