"""The events admin: an event with its actors, figures and reporting updates."""

from django.contrib import admin

from newsarchive.curation import CuratedAdmin, CuratedInline, MergeAdminMixin
from places.admin import PlaceAutocompleteFilter, PlaceFilterMedia
from places.models import Place

from . import events
from .models import Event, EventActor, EventReport, ReportedFigure


class EventPlaceFilter(PlaceAutocompleteFilter):
    """Events in a place or anywhere inside it."""

    title = "place (and inside it)"
    parameter_name = "place"
    autocomplete_source = ("items", "event", "place")

    def queryset(self, request, queryset):
        if self.chosen is None:
            return queryset
        return queryset.filter(place__in=Place.objects.inside(self.chosen))


class EventActorInline(CuratedInline):
    model = EventActor
    fields = ["person", "organization", "role", "method", "is_confirmed"]
    autocomplete_fields = ["person", "organization"]
    show_change_link = False


class ReportedFigureInline(CuratedInline):
    model = ReportedFigure
    fields = [
        "quantity",
        "value_low",
        "value_high",
        "as_written",
        "person",
        "organization",
        "claimed_on",
        "update",
        "method",
        "is_confirmed",
    ]
    autocomplete_fields = ["person", "organization"]
    raw_id_fields = ["update"]
    show_change_link = False


class EventReportInline(CuratedInline):
    model = EventReport
    fields = ["update", "method", "is_confirmed"]
    raw_id_fields = ["update"]
    show_change_link = False
    verbose_name = "reporting update"
    verbose_name_plural = "reporting updates"


class UpdateEventInline(CuratedInline):
    """On an update's page: the events it reports."""

    model = EventReport
    fields = ["event", "method", "is_confirmed"]
    autocomplete_fields = ["event"]
    show_change_link = False
    verbose_name = "event reported"
    verbose_name_plural = "events reported"


@admin.register(Event)
class EventAdmin(MergeAdminMixin, PlaceFilterMedia, CuratedAdmin):
    merge_service = staticmethod(events.merge_events)
    list_display = ["title", "kind", "started_on", "ended_on", "place", "status"]
    list_filter = [
        "kind",
        "status",
        EventPlaceFilter,
        "location_precision",
        "method",
        "is_confirmed",
    ]
    list_select_related = ["place"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place"]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "status"), "summary"]}),
        (
            "When and where",
            {
                "fields": [
                    ("started_on", "ended_on", "date_precision"),
                    ("place", "location_precision"),
                ]
            },
        ),
        ("Provenance", {"fields": [("method", "is_confirmed")]}),
    ]
    inlines = [EventActorInline, ReportedFigureInline, EventReportInline]
