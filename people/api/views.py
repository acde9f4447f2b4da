from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch
from rest_framework import viewsets

from newsarchive.counting import CountMixin
from newsarchive.public import visible
from newsarchive.redirects import MergedRedirectMixin
from people.models import Affiliation, Alias, Organization, Person

from .filters import AffiliationFilterSet, OrganizationFilterSet, PersonFilterSet
from .serializers import AffiliationSerializer, OrganizationSerializer, PersonSerializer


class PersonViewSet(MergedRedirectMixin, CountMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id"]

    def get_queryset(self):
        user = self.request.user
        roles = Affiliation.objects.select_related("organization", "jurisdiction")
        return with_aliases(user, Person.objects.visible_to(user)).prefetch_related(
            Prefetch("affiliations", queryset=visible(roles, user))
        )


class OrganizationViewSet(
    MergedRedirectMixin, CountMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id", "kind"]

    def get_queryset(self):
        user = self.request.user
        organizations = Organization.objects.visible_to(user)
        return with_aliases(user, organizations).select_related(
            "country", "based_in", "parent"
        )


class AffiliationViewSet(CountMixin, viewsets.ReadOnlyModelViewSet):
    # Ids are ASCII digits: int() also reads full-width digits (U+FF11) as 1.
    lookup_value_regex = "[0-9]+"
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilterSet
    queryset = Affiliation.objects.all()
    ordering = ("id",)
    ordering_fields = ["id", "started_on", "ended_on", "title"]

    def get_queryset(self):
        # A lazy reference, like Affiliation.source: people/ never imports items/.
        updates = apps.get_model("items", "Update").objects
        shown = updates.visible_to(self.request.user).filter(pk=OuterRef("source"))
        return (
            Affiliation.objects.visible_to(self.request.user)
            .select_related("person", "organization", "jurisdiction")
            .annotate(source_visible=Exists(shown))
        )


def with_aliases(user, queryset):
    """`queryset` with the aliases `user` may see (newsarchive.public)."""
    return queryset.prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.visible_to(user))
    )
