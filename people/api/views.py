from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch
from rest_framework import viewsets

from people.models import Affiliation, Organization, Person

from .filters import AffiliationFilterSet, OrganizationFilterSet, PersonFilterSet
from .serializers import AffiliationSerializer, OrganizationSerializer, PersonSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.prefetch_related(
        "aliases",
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


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organization.objects.select_related(
        "country", "based_in", "parent"
    ).prefetch_related("aliases")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id", "kind"]


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
