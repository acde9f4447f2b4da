from django.contrib import admin
from rangefilter.filters import DateRangeFilterBuilder

from newsarchive.curation import (
    CuratedAdmin,
    CuratedInline,
    CuratedStackedInline,
)
from newsarchive.versioning import VersionedModelForm
from places.admin import PlaceAutocompleteFilter, PlaceFilterMedia
from places.models import Place

from . import services
from .admin_events import UpdateEventInline
from .models import (
    Contribution,
    Correction,
    Credit,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    Story,
    Update,
    VerificationNote,
)


class PlaceFilter(PlaceAutocompleteFilter):
    """Items in a place or anywhere inside it (?place=<id> works for any place)."""

    title = "place (and inside it)"
    parameter_name = "place"
    autocomplete_source = ("items", "placemention", "place")

    def queryset(self, request, queryset):
        if self.chosen is None:
            return queryset
        return queryset.in_place(self.chosen)


class MediaPlaceFilter(PlaceFilter):
    autocomplete_source = ("items", "media", "place")

    def queryset(self, request, queryset):
        if self.chosen is None:
            return queryset
        return queryset.filter(place__in=Place.objects.inside(self.chosen))


class StoryFilter(admin.SimpleListFilter):
    """The most recent stories; any other with ?story=<id> (bounded sidebar)."""

    title = "story"
    parameter_name = "story"

    def lookups(self, request, model_admin):
        stories = list(Story.objects.order_by("-pk").values_list("pk", "title")[:30])
        value = self.value()
        if value and value.isdigit() and int(value) not in {pk for pk, _ in stories}:
            stories += list(Story.objects.filter(pk=value).values_list("pk", "title"))
        return [(str(pk), title) for pk, title in stories]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(story_id=value)
        return queryset


class PersonMentionInline(CuratedInline):
    model = PersonMention
    fields = ["person", "rel", "as_written", "method", "is_confirmed"]
    autocomplete_fields = ["person"]
    show_change_link = False


class OrganizationMentionInline(CuratedInline):
    model = OrganizationMention
    fields = ["organization", "rel", "as_written", "method", "is_confirmed"]
    autocomplete_fields = ["organization"]
    show_change_link = False


class PlaceMentionInline(CuratedInline):
    model = PlaceMention
    fields = ["place", "rel", "as_written", "method", "is_confirmed"]
    autocomplete_fields = ["place"]
    show_change_link = False


class QuoteInline(CuratedStackedInline):
    model = Quote
    # Two lines a quote: what was said, then who said it, where and when. The
    # event it is about is set on the quote's own page, to keep these rows short.
    fields = [
        "text",
        (
            "person",
            "organization",
            "speaker_description",
            "channel",
            "reported",
            "said_on",
            "position",
            "method",
            "is_confirmed",
        ),
    ]
    autocomplete_fields = ["person", "organization"]


class MediaInline(CuratedStackedInline):
    model = Media
    fields = [
        ("caption", "credit_line"),
        ("kind", "verification", "place", "url", "position"),
    ]
    autocomplete_fields = ["place"]


class ContributionInline(CuratedInline):
    model = Contribution
    fields = ["person", "organization", "role", "as_written", "method", "is_confirmed"]
    autocomplete_fields = ["person", "organization"]


class VerificationNoteInline(CuratedInline):
    model = VerificationNote
    fields = ["status", "note", "quote", "media", "is_confirmed"]
    raw_id_fields = ["quote", "media"]


class CorrectionInline(CuratedInline):
    model = Correction
    fields = ["original", "corrected", "explanation", "status", "applied_at"]
    readonly_fields = ["status", "applied_at"]


@admin.register(Story)
class StoryAdmin(CuratedAdmin):
    list_display = ["title", "kind", "publisher", "language", "slug"]
    list_filter = ["kind", "language"]
    list_select_related = ["publisher"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher"]


class UpdateForm(VersionedModelForm):
    def clean_status(self):
        status = self.cleaned_data["status"]
        # The instance still holds the stored status here. Proposals confirmed in
        # this same save are not counted yet: confirm and save, then publish.
        if status == Update.Status.PUBLISHED and self.instance.status != status:
            services.check_publishable(self.instance)
        return status


@admin.register(Update)
class UpdateAdmin(PlaceFilterMedia, CuratedAdmin):
    form = UpdateForm
    list_display = ["headline", "story", "published_at", "date_precision", "status"]
    list_filter = [
        StoryFilter,
        "status",
        ("published_at", DateRangeFilterBuilder(title="published between")),
        PlaceFilter,
        "date_precision",
    ]
    list_select_related = ["story"]
    search_fields = ["headline"]
    search_help_text = (
        "A person, organization or place by any of its names (“Strelkov”), "
        "or an update id."
    )
    autocomplete_fields = ["story"]
    # The text first: it is what a curator reads and corrects.
    fieldsets = [
        (None, {"fields": ["headline", "summary", "body"]}),
        (
            "Story, status and date",
            {
                "fields": [
                    ("story", "status"),
                    ("published_at", "date_precision"),
                    "date_reason",
                    ("topic", "language", "url"),
                ]
            },
        ),
        ("As received", {"fields": ["original_text"], "classes": ["collapse"]}),
    ]
    inlines = [
        PersonMentionInline,
        OrganizationMentionInline,
        PlaceMentionInline,
        QuoteInline,
        MediaInline,
        ContributionInline,
        VerificationNoteInline,
        CorrectionInline,
        UpdateEventInline,
    ]
    actions = ["publish", "send_to_review", "return_to_draft"]

    def get_readonly_fields(self, request, obj=None):
        # The text as received is written once, when the update is created.
        return ["original_text"] if obj is not None else []

    def get_search_results(self, request, queryset, search_term):
        """Match entity names exactly (any alias), through the indexed name lookups.

        A substring scan of every headline would grow with the archive; full-text
        search arrives with the API.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.mentioning_name(term), False

    def save_record(self, request, obj):
        services.save_update(obj, acting_user=request.user)

    def _set_status(self, request, queryset, status):
        updates = list(queryset)
        for update in updates:
            changed = self.run_service(
                request,
                lambda update=update: services.set_update_status(
                    update, status=status, acting_user=request.user
                ),
                f"“{update}” is now {Update.Status(status).label}.",
            )
            if changed:
                self.log_change(request, update, f"Status set to {status}.")

    @admin.action(description="Publish selected updates")
    def publish(self, request, queryset):
        # set_update_status refuses, update by update, while proposals are open.
        self._set_status(request, queryset, Update.Status.PUBLISHED)

    @admin.action(description="Send selected updates to review")
    def send_to_review(self, request, queryset):
        self._set_status(request, queryset, Update.Status.IN_REVIEW)

    @admin.action(description="Return selected updates to draft")
    def return_to_draft(self, request, queryset):
        self._set_status(request, queryset, Update.Status.DRAFT)


class CreditInline(CuratedInline):
    model = Credit
    fields = [
        "position",
        "role",
        "person",
        "organization",
        "as_written",
        "method",
        "is_confirmed",
    ]
    autocomplete_fields = ["person", "organization"]
    show_change_link = False


@admin.register(Media)
class MediaAdmin(PlaceFilterMedia, CuratedAdmin):
    list_display = ["__str__", "kind", "credit_line", "place", "verification", "update"]
    list_filter = ["kind", "verification", MediaPlaceFilter]
    list_select_related = ["place", "update"]
    search_fields = ["credit_line"]
    autocomplete_fields = ["place"]
    raw_id_fields = ["update"]
    inlines = [CreditInline]


@admin.register(Quote)
class QuoteAdmin(CuratedAdmin):
    list_display = [
        "__str__",
        "person",
        "organization",
        "speaker_description",
        "channel",
        "reported",
        "said_on",
    ]
    list_filter = ["channel", "reported", "method", "is_confirmed"]
    list_select_related = ["person", "organization"]
    autocomplete_fields = ["person", "organization", "event"]
    raw_id_fields = ["update"]


@admin.register(Credit)
class CreditAdmin(CuratedAdmin):
    list_display = ["__str__", "role", "as_written", "media", "method", "is_confirmed"]
    list_filter = ["role", "method", "is_confirmed"]
    list_select_related = ["person", "organization", "media"]
    autocomplete_fields = ["person", "organization"]
    raw_id_fields = ["media"]


@admin.register(Contribution)
class ContributionAdmin(CuratedAdmin):
    list_display = ["person", "organization", "role", "as_written", "update"]
    list_filter = ["role"]
    list_select_related = ["person", "organization", "update"]
    autocomplete_fields = ["person", "organization"]
    raw_id_fields = ["update"]


@admin.register(VerificationNote)
class VerificationNoteAdmin(CuratedAdmin):
    list_display = ["__str__", "status", "update", "is_confirmed"]
    list_filter = ["status", "method", "is_confirmed"]
    list_select_related = ["update"]
    raw_id_fields = ["update", "quote", "media"]


@admin.register(Correction)
class CorrectionAdmin(CuratedAdmin):
    list_display = ["__str__", "status", "update", "applied_at", "applied_by"]
    list_filter = ["status"]
    list_select_related = ["update", "applied_by"]
    raw_id_fields = ["update"]
    readonly_fields = ["status", "applied_at", "applied_by"]
    actions = ["apply_selected"]

    @admin.action(description="Apply selected corrections to their updates")
    def apply_selected(self, request, queryset):
        for correction in queryset:
            applied = self.run_service(
                request,
                lambda correction=correction: services.apply_correction(
                    correction, acting_user=request.user
                ),
                f"Applied correction #{correction.pk} "
                f"to update #{correction.update_id}.",
            )
            if applied:
                self.log_change(request, correction, "Applied to its update.")


class MentionAdmin(CuratedAdmin):
    list_display = ["__str__", "rel", "as_written", "method", "is_confirmed"]
    list_filter = ["rel", "method", "is_confirmed"]
    raw_id_fields = ["update"]


@admin.register(PersonMention)
class PersonMentionAdmin(MentionAdmin):
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(MentionAdmin):
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(PlaceMention)
class PlaceMentionAdmin(MentionAdmin):
    list_select_related = ["place"]
    autocomplete_fields = ["place"]
