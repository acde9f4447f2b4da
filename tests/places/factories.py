import factory

from places.models import Place, PlaceAlias


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = Place.Kind.REGION


class PlaceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceAlias

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")
