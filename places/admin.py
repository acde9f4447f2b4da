from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from newsarchive.curation import (
    BatchedChangeList,
    CuratedAdmin,
    CuratedInline,
    MergeAdminMixin,
    UniqueNamesFormSet,
)

from . import services
from .models import Place, PlaceAlias, attach_ancestors


class PlaceAliasInline(CuratedInline):
    model = PlaceAlias
    formset = UniqueNamesFormSet
    fields = ["name", "kind", "method", "is_confirmed"]
    show_change_link = False


class InsidePlaceFilter(admin.SimpleListFilter):
    """Places inside a chosen country or region, at any depth."""

    title = "inside"
    parameter_name = "inside"

    def lookups(self, request, model_admin):
        return places_to_filter_by(self.value())

    def queryset(self, request, queryset):
        place = selected_place(self.value())
        return queryset if place is None else queryset.inside(place)


def places_to_filter_by(selected: str | None, limit: int = 60):
    """The countries and regions a filter sidebar offers, plus the current choice.

    Bounded, so the sidebar costs the same however many places the archive holds;
    any other place is reached with ?<param>=<id>, as its change page links do.
    """
    choices = list(
        Place.objects.filter(kind__in=[Place.Kind.COUNTRY, Place.Kind.REGION])
        .order_by("path", "name")
        .values_list("pk", "name")[:limit]
    )
    place = selected_place(selected)
    if place is not None and place.pk not in {pk for pk, _ in choices}:
        choices.append((place.pk, place.name))
    return [(str(pk), name) for pk, name in choices]


def selected_place(value: str | None) -> Place | None:
    if not value or not value.isdigit():
        return None
    return Place.objects.filter(pk=value).first()


@admin.register(Place)
class PlaceAdmin(MergeAdminMixin, CuratedAdmin):
    merge_service = staticmethod(services.merge_places)
    list_display = ["name", "kind", "full_path", "country_code", "slug"]
    list_filter = ["kind", InsidePlaceFilter, "method", "is_confirmed"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__name", "slug"]
    search_help_text = "Name or any alias, e.g. “Belgorod region”."
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["full_path", "updates_link"]
    fields = [
        "name",
        "slug",
        "kind",
        "parent",
        "full_path",
        ("country_code", "iso_code"),
        ("latitude", "longitude"),
        ("geonames_id", "wikidata_id"),
        "updates_link",
    ]
    inlines = [PlaceAliasInline]

    def get_changelist(self, request, **kwargs):
        return BatchedChangeList

    def decorate_results(self, places):
        attach_ancestors(places)

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description="full path")
    def full_path(self, place):
        return place.full_path() if place.pk else "—"

    @admin.display(description="updates")
    def updates_link(self, place):
        if not place.pk:
            return "—"
        url = reverse("admin:items_update_changelist") + f"?place={place.pk}"
        return format_html('<a href="{}">Updates in {} and inside it</a>', url, place)

    def save_record(self, request, obj):
        services.save_place(obj, acting_user=request.user)
