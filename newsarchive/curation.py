"""Admin building blocks shared by every curated record.

History and revert come from django-simple-history; the versioned forms refuse a
save over someone else's change; the merge action folds duplicates through each
app's merge service. The admin classes hold no rules of their own.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import (
    AdminTextareaWidget,
    RelatedFieldWidgetWrapper,
)
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, router, transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from .admin_site import admin_change_url
from .merging import merged_into, record_change
from .versioning import (
    VERSION_FIELD,
    VersionedInlineForm,
    VersionedModelForm,
    current_version,
)


def _pk_or_none(model, object_id):
    try:
        return model._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        return None


def last_stored_version(model, object_id):
    """The record `object_id` as its history last saw it, or None."""
    pk = _pk_or_none(model, object_id)
    record = (
        model.history.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_date", "-history_id")
        .first()
        if pk is not None
        else None
    )
    if record is None:
        return None
    instance = record.instance
    instance._state.adding = False
    return instance


def closest_first(queryset, term: str):
    """`queryset` (already matched on `term`) with the closest names first.

    Typing "Russia" must offer Russia before King of Prussia, and "Belgorod
    region" the oblast it names before the city: the name itself or one of its
    aliases, then names that start with the term, then the rest, by name.
    """
    term = " ".join(term.split())
    aliases = queryset.model.aliases.field  # the alias's link to its owner
    named = aliases.model.objects.filter(
        **{aliases.name: OuterRef("pk"), "name__iexact": term}
    )
    closeness = Case(
        When(name__iexact=term, then=Value(0)),
        When(Exists(named), then=Value(0)),
        When(name__istartswith=term, then=Value(1)),
        default=Value(2),
    )
    return queryset.annotate(closeness=closeness).order_by("closeness", "name", "pk")


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class CappedCountPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so a page costs the same however big the archive.

    Past the cap the changelist says "more than 500" and offers the first pages;
    curators narrow with filters and search instead of paging to row 500,000.
    Researchers page through everything with the API's cursors.
    """

    cap = 500

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


def with_opened_version(fieldsets):
    """`fieldsets` with the hidden `opened_version` field added to the first one.

    An admin that lists its `fields` or `fieldsets` renders only those, and a form
    that never renders its version can never be saved. Adding it here, for every
    curated admin and inline, means no admin has to remember it.
    """
    if VERSION_FIELD in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    first = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
    return [first, *rest]


class VersionedFieldsetsMixin:
    """Puts the version a form was opened at on every form the admin renders.

    Also takes the "delete" icon away from every related-record box: beside a
    mention it deleted the person mentioned, everywhere, one click from a field.
    """

    def get_fieldsets(self, request, obj=None):
        return with_opened_version(super().get_fieldsets(request, obj))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(
            formfield.widget, RelatedFieldWidgetWrapper
        ):
            formfield.widget.can_delete_related = False
        return formfield


class GrowingTextarea(AdminTextareaWidget):
    """A text area that starts at `rows` lines and grows with its text (curation.js)."""

    def __init__(self, rows: int = 3, attrs=None):
        super().__init__(
            attrs={"rows": rows, "class": "vLargeTextField grows", **(attrs or {})}
        )


class CuratedAdmin(VersionedFieldsetsMixin, SimpleHistoryAdmin):
    form = VersionedModelForm
    formfield_overrides = {models.TextField: {"widget": GrowingTextarea(rows=3)}}
    paginator = CappedCountPaginator
    list_per_page = 50
    # The full count is a second COUNT(*) over the whole table on every page.
    show_full_result_count = False
    save_on_top = True

    def history_view(self, request, object_id, extra_context=None):
        user_model = get_user_model()._meta
        if not request.user.has_perm(
            f"{user_model.app_label}.view_{user_model.model_name}"
        ):
            # "Changed by" links to the user's admin page, which only those who may
            # see users can open; everyone else sees the name alone.
            extra_context = {**(extra_context or {}), "admin_user_view": ""}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert is a save like any other: same transaction and version check.
        request.reverting = True
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.editing = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and request.method == "POST" and getattr(request, "editing", 0):
            # The record went (merged or deleted) while the curator edited it. The
            # form is shown again with what they typed, and the version check
            # refuses it and says where the record went (versioning.gone_message).
            obj = last_stored_version(self.model, object_id)
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        kept = merged_into(self.model, _pk_or_none(self.model, object_id))
        if kept is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        self.message_user(
            request,
            f"{opts.verbose_name.capitalize()} #{object_id} was merged into {kept}: "
            "here it is.",
            messages.INFO,
        )
        return HttpResponseRedirect(admin_change_url(kept))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting", False):
            # The revert form edits a copy of the old version, which carries the
            # version number it had then. The revert is a new change on top of the
            # record as it stands, so it opens, and is checked, at today's version.
            obj.version = current_version(obj)
        return super().get_form(request, obj, change, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST":
            # A refused row of an inline (a stale quote, say) says why at the top
            # of the page, not only beside the row, thousands of pixels below.
            for inline in context.get("inline_admin_formsets", []):
                formset = inline.formset
                label = capfirst(formset.model._meta.verbose_name_plural)
                for number, row in enumerate(formset.forms, start=1):
                    for error in row.non_field_errors():
                        message = format_html("{}, row {}: {}", label, number, error)
                        self.message_user(request, message, messages.ERROR)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        record_change(obj, acting_user=request.user, reason="")
        self.save_record(request, obj)

    def save_record(self, request, obj):
        """Write one edited record; admins with a service override this."""
        obj.save()

    def run_service(self, request, call: Callable[[], object], success: str) -> bool:
        """Call a service for an admin action, turning its refusal into a message."""
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                call()
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return False
        self.message_user(request, success, messages.SUCCESS)
        return True


class UniqueNamesFormSet(BaseInlineFormSet):
    """Refuses one submission that adds the same alias twice, in any case."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            name = " ".join(form.cleaned_data.get("name", "").split()).lower()
            if name and name in seen:
                form.add_error("name", "This alias appears twice.")
            seen.add(name)


# An inline row's text (a quote, a correction) starts one line high.
INLINE_TEXT = {models.TextField: {"widget": GrowingTextarea(rows=1)}}


class CuratedInline(VersionedFieldsetsMixin, admin.TabularInline):
    form = VersionedInlineForm
    formfield_overrides = INLINE_TEXT
    extra = 0
    show_change_link = True


class CuratedStackedInline(VersionedFieldsetsMixin, admin.StackedInline):
    form = VersionedInlineForm
    formfield_overrides = INLINE_TEXT
    extra = 0
    show_change_link = True


class MergeAdminMixin:
    """Adds "Merge selected records…", which asks which one to keep.

    Subclasses set `merge_service(keep, *, duplicate, acting_user)`.
    """

    merge_service: Callable
    actions = ["merge_selected"]

    @admin.action(description="Merge selected records into one…")
    def merge_selected(self, request, queryset):
        records = list(queryset.order_by("pk"))
        if len(records) < 2:
            self.message_user(
                request, "Select at least two records to merge.", messages.WARNING
            )
            return None
        keep_pk = request.POST.get("keep")
        if keep_pk:
            keep = next((r for r in records if str(r.pk) == keep_pk), None)
            if keep is None:
                self.message_user(
                    request,
                    "Choose one of the selected records to keep.",
                    messages.ERROR,
                )
                return None
            duplicates = [r for r in records if r.pk != keep.pk]

            def merge_all():
                for duplicate in duplicates:
                    type(self).merge_service(
                        keep, duplicate=duplicate, acting_user=request.user
                    )

            names = ", ".join(str(d) for d in duplicates)
            if self.run_service(request, merge_all, f"Merged {names} into {keep}."):
                self.log_change(request, keep, f"Merged {names} into this record.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "records": records,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_records.html", context)


class BatchedChangeList(ChangeList):
    """A changelist that lets its admin decorate the page's rows in one query."""

    def get_results(self, request):
        super().get_results(request)
        self.model_admin.decorate_results(self.result_list)
