import django_filters
from rest_framework.exceptions import ValidationError

from newsarchive.filters import ArchiveFilterSet, SlugsFilter, reader
from newsarchive.merging import merged_slug
from places.models import Place, PlaceAlias


def place_by_slug(slug: str, parameter: str, request) -> Place:
    """The place `slug` names, if the client may see it; else a 400 naming it.

    A place merged into another is found by its old slug too."""
    places = Place.objects.visible_to(reader(request))
    place = places.filter(slug=slug).first()
    if place is None and (kept := merged_slug(Place, slug)):
        place = places.filter(slug=kept).first()
    if place is None:
        raise ValidationError({parameter: [f"No place with slug {slug!r}."]})
    return place


class PlaceFilterSet(ArchiveFilterSet):
    name_fields = ("name",)

    name = django_filters.CharFilter(
        method="filter_name",
        label="Canonical name or any alias, whole and ignoring case.",
    )
    name__ic = django_filters.CharFilter(
        method="filter_name_part",
        label="Part of the canonical name or of any alias, ignoring case: "
        "'Artemivsk' finds Bakhmut.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Place.Kind.choices, label="Kind of place; repeat to match any."
    )
    within = django_filters.CharFilter(
        method="filter_within",
        label="Slug of a place: the places inside it, at any depth.",
    )
    parent = SlugsFilter(Place, "Slug of the direct parent; repeat to match any.")

    country_code = django_filters.CharFilter(
        lookup_expr="iexact", label="ISO 3166-1 alpha-2 code of a country: RU, UA."
    )

    class Meta:
        model = Place
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.named(value, aliases=self._aliases())

    def filter_name_part(self, queryset, name, value):
        return queryset.search(value, aliases=self._aliases())

    def _aliases(self):
        return PlaceAlias.objects.visible_to(reader(self.request))

    def filter_within(self, queryset, name, value):
        place = place_by_slug(value, name, self.request)
        return queryset.filter(pk__in=Place.objects.inside(place, include_self=False))
