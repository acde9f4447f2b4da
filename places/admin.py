from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from newsarchive.curation import (
    BatchedChangeList,
    CuratedAdmin,
    CuratedInline,
    MergeAdminMixin,
    UniqueNamesFormSet,
    closest_first,
)

from . import services
from .models import Place, PlaceAlias, attach_ancestors


class PlaceAliasInline(CuratedInline):
    model = PlaceAlias
    formset = UniqueNamesFormSet
    fields = ["name", "kind", "method", "is_confirmed"]
    show_change_link = False


class PlaceAutocompleteFilter(admin.SimpleListFilter):
    """Records in a place or anywhere inside it, the place found by typing.

    A list of places would offer a few dozen countries of tens of thousands of
    places; this is the admin's own autocomplete box (names and aliases, as on
    every place field), and choosing a place reloads the list with ?<param>=<id>.
    Subclasses name the place field the autocomplete asks through.
    """

    template = "admin/place_filter.html"
    # (app label, model name, field name) of a foreign key to Place.
    autocomplete_source = ("places", "place", "parent")

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    @cached_property
    def chosen(self) -> Place | None:
        return selected_place(self.value())

    def choices(self, changelist):
        app_label, model_name, field_name = self.autocomplete_source
        yield {
            "chosen": self.chosen,
            "parameter": self.parameter_name,
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }

    def queryset(self, request, queryset):
        raise NotImplementedError


class InsidePlaceFilter(PlaceAutocompleteFilter):
    """Places inside a chosen country or region, at any depth."""

    title = "inside"
    parameter_name = "inside"

    def queryset(self, request, queryset):
        return queryset if self.chosen is None else queryset.inside(self.chosen)


class PlaceFilterMedia:
    """The autocomplete's scripts and styles on a changelist with a place filter."""

    @property
    def media(self):
        widget = AutocompleteSelect(Place._meta.get_field("parent"), self.admin_site)
        return super().media + widget.media


def selected_place(value: str | None) -> Place | None:
    if not value or not value.isdigit():
        return None
    return Place.objects.filter(pk=value).first()


@admin.register(Place)
class PlaceAdmin(PlaceFilterMedia, MergeAdminMixin, CuratedAdmin):
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
        return closest_first(queryset.search(search_term), search_term), False

    def autocomplete_labels(self, places: list[Place]) -> dict[int, str]:
        """ "Donetsk (Donetsk Oblast, Ukraine)": same names told apart by where."""
        attach_ancestors(places)
        return {
            place.pk: f"{place.name} ({', '.join(a.name for a in place.ancestors())})"
            for place in places
            if place.parent_id
        }

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
