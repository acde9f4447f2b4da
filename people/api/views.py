from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch
from rest_framework import viewsets

from newsarchive.records import is_curator
from people.models import Affiliation, Alias, Organization, Person

from .filters import AffiliationFilterSet, OrganizationFilterSet, PersonFilterSet
from .serializers import AffiliationSerializer, OrganizationSerializer, PersonSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    # Aliases are prefetched by get_queryset, which knows who is asking.
    queryset = Person.objects.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization", "jurisdiction"),
        ),
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id"]

    def get_queryset(self):
        return confirmed_for(self.request.user, super().get_queryset())


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organization.objects.select_related("country", "based_in", "parent")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id", "kind"]

    def get_queryset(self):
        return confirmed_for(self.request.user, super().get_queryset())


class AffiliationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilterSet
    queryset = Affiliation.objects.all()
    ordering = ("id",)
    ordering_fields = ["id", "started_on", "ended_on", "title"]

    def get_queryset(self):
        # A lazy reference, like Affiliation.source: people/ never imports items/.
        updates = apps.get_model("items", "Update").objects
        visible = updates.visible_to(self.request.user).filter(pk=OuterRef("source"))
        return Affiliation.objects.select_related(
            "person", "organization", "jurisdiction"
        ).annotate(source_visible=Exists(visible))


def confirmed_for(user, queryset):
    """What `user` may see: for all but curators, no importer proposal that no
    curator has confirmed yet, neither a person or group nor one of its names."""
    if is_curator(user):
        return queryset.prefetch_related("aliases")
    return queryset.filter(is_confirmed=True).prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.filter(is_confirmed=True))
    )
