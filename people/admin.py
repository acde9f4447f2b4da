from django.contrib import admin

from newsarchive.curation import (
    CuratedAdmin,
    CuratedInline,
    MergeAdminMixin,
    UniqueNamesFormSet,
    closest_first,
)

from . import services
from .models import Affiliation, Alias, Organization, Person


class AliasInline(CuratedInline):
    model = Alias
    formset = UniqueNamesFormSet
    fields = ["name", "kind", "note", "method", "is_confirmed"]
    show_change_link = False


class PersonAliasInline(AliasInline):
    fk_name = "person"
    exclude = ["organization"]


class OrganizationAliasInline(AliasInline):
    fk_name = "organization"
    exclude = ["person"]


class AffiliationInline(CuratedInline):
    model = Affiliation
    fk_name = "person"
    fields = [
        "title",
        "organization",
        "jurisdiction",
        "started_on",
        "ended_on",
        "date_precision",
        "source",
        "method",
        "is_confirmed",
    ]
    autocomplete_fields = ["organization", "jurisdiction"]
    raw_id_fields = ["source"]


class NamedAdmin(MergeAdminMixin, CuratedAdmin):
    """Persons and organizations: searched by canonical name or any alias."""

    search_fields = ["name", "aliases__name", "slug"]
    search_help_text = "Canonical name or any alias, e.g. “Strelkov”."
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        found = queryset.search(search_term.strip())
        return closest_first(found, search_term), False

    @admin.display(description="aliases")
    def alias_list(self, record):
        return ", ".join(alias.name for alias in record.aliases.all()) or "—"


@admin.register(Person)
class PersonAdmin(NamedAdmin):
    merge_service = staticmethod(services.merge_people)
    list_display = ["name", "alias_list", "slug", "wikidata_id", "is_confirmed"]
    list_filter = ["method", "is_confirmed"]
    fields = ["name", "slug", "description", "wikidata_id"]
    inlines = [PersonAliasInline, AffiliationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")


@admin.register(Organization)
class OrganizationAdmin(NamedAdmin):
    merge_service = staticmethod(services.merge_organizations)
    list_display = ["name", "kind", "alias_list", "country", "based_in", "slug"]
    list_filter = ["kind", "method", "is_confirmed"]
    list_select_related = ["country", "based_in"]
    fields = [
        "name",
        "slug",
        "kind",
        "country",
        "based_in",
        "parent",
        "description",
        "wikidata_id",
    ]
    autocomplete_fields = ["country", "based_in", "parent"]
    inlines = [OrganizationAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")


@admin.register(Affiliation)
class AffiliationAdmin(CuratedAdmin):
    list_display = [
        "person",
        "title",
        "organization",
        "jurisdiction",
        "started_on",
        "ended_on",
    ]
    list_select_related = ["person", "organization", "jurisdiction"]
    list_filter = ["method", "is_confirmed"]
    search_fields = ["title", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization", "jurisdiction"]
    raw_id_fields = ["source"]


@admin.register(Alias)
class AliasAdmin(CuratedAdmin):
    list_display = ["name", "kind", "person", "organization", "method", "is_confirmed"]
    list_select_related = ["person", "organization"]
    list_filter = ["kind", "method", "is_confirmed"]
    search_fields = ["name"]
    autocomplete_fields = ["person", "organization"]
