import django_filters
from django.db.models import Q

from newsarchive.filters import ArchiveFilterSet, SlugsFilter, reader
from people.models import Affiliation, Alias, Organization, Person
from places.models import Place


class NamedFilterSet(ArchiveFilterSet):
    """`name` (whole) and `name__ic` (part) over the canonical name and aliases."""

    name_fields = ("name",)

    name = django_filters.CharFilter(
        method="filter_name",
        label="Canonical name or any alias, whole and ignoring case: "
        "'Igor Strelkov' finds Igor Girkin.",
    )
    name__ic = django_filters.CharFilter(
        method="filter_name_part",
        label="Part of the canonical name or of any alias, ignoring case: "
        "'Strelkov' finds Igor Girkin.",
    )

    def filter_name(self, queryset, name, value: str):
        return queryset.named(value, aliases=self._aliases())

    def filter_name_part(self, queryset, name, value: str):
        return queryset.search(value, aliases=self._aliases())

    def _aliases(self):
        return Alias.objects.visible_to(reader(self.request))


class PersonFilterSet(NamedFilterSet):
    """Persons; organization, jurisdiction, role and active_on describe one role."""

    organization = SlugsFilter(
        Organization,
        "Slug of an organization the person had a role in.",
        method="filter_role",
    )
    jurisdiction = SlugsFilter(
        Place, "Slug of a place the person held an office over.", method="filter_role"
    )
    role = django_filters.CharFilter(
        method="filter_role", label='Title of a role, ignoring case: "governor".'
    )
    active_on = django_filters.DateFilter(
        method="filter_role",
        label="A date (YYYY-MM-DD) on which the role was held.",
    )

    class Meta:
        model = Person
        fields = []

    def filter_role(self, queryset, name, value: str):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        role = Q()
        if data.get("organization"):
            role &= Q(organization__in=data["organization"])
        if data.get("jurisdiction"):
            role &= Q(jurisdiction__in=data["jurisdiction"])
        if data.get("role"):
            role &= Q(title__iexact=data["role"])
        if data.get("active_on"):
            day = data["active_on"]
            role &= Q(Q(started_on__isnull=True) | Q(started_on__lte=day)) & Q(
                Q(ended_on__isnull=True) | Q(ended_on__gte=day)
            )
        if role:
            roles = Affiliation.objects.visible_to(reader(self.request))
            queryset = queryset.filter(pk__in=roles.filter(role).values("person"))
        return queryset


class OrganizationFilterSet(NamedFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=Organization.Kind.choices, label="Kind; repeat to match any."
    )
    country = SlugsFilter(Place, "Slug of the country whose body it is.")
    based_in = SlugsFilter(Place, "Slug of the place where it has its seat.")
    parent = SlugsFilter(Organization, "Slug of the organization it is part of.")

    class Meta:
        model = Organization
        fields = []


class AffiliationFilterSet(ArchiveFilterSet):
    name_fields = ("title",)

    person = SlugsFilter(Person, "Slug of the person; repeat to match any.")
    organization = SlugsFilter(
        Organization, "Slug of the organization; repeat to match any."
    )
    jurisdiction = SlugsFilter(
        Place, "Slug of the place governed; repeat to match any."
    )
    role = django_filters.CharFilter(
        field_name="title", lookup_expr="iexact", label="Title, ignoring case."
    )
    active_on = django_filters.DateFilter(
        method="filter_active_on", label="A date (YYYY-MM-DD) on which it was held."
    )

    class Meta:
        model = Affiliation
        fields = []

    def filter_active_on(self, queryset, name, value: str):
        return queryset.active_on(value)
