"""The archive's admin site: Django's own, with autocomplete options that can say
more than a record's name.

Two places called Donetsk (a city in Ukraine, one in Russia) read the same in
a box of names; the admin of a model may give `autocomplete_labels(records)`
(id -> text, for one page of results at once) to tell them apart.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import NoReverseMatch, reverse


def admin_change_url(record) -> str:
    """The admin page where a curator edits `record`; "" for an unregistered model."""
    meta = record._meta
    try:
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
        )
    except NoReverseMatch:
        return ""


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = getattr(self.model_admin, "autocomplete_labels", None)
        self.labels = labels(list(context["object_list"])) if labels else {}
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        result["text"] = self.labels.get(obj.pk, result["text"])
        return result


class ArchiveAdminSite(admin.AdminSite):
    site_header = "newsarchive curation"
    site_title = "newsarchive"
    index_title = "Records"
    # The app list beside every page took a quarter of a 1366 px screen; the
    # breadcrumbs and the index lead everywhere it did.
    enable_nav_sidebar = False

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


class ArchiveAdminConfig(AdminConfig):
    default_site = "newsarchive.admin_site.ArchiveAdminSite"
