import factory

from people.models import Affiliation, Alias, Organization, Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    title = "spokesman"
