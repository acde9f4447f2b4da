"""Optimistic locking for curators' edit forms.

A form opened at version N may only save while the row is still at version N. The
check runs inside the admin's transaction with the row locked, so a concurrent save
cannot slip in between the check and the write.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, router
from django.utils.html import format_html

from .admin_site import admin_change_url
from .merging import merged_into

STALE_MESSAGE = (
    "Someone else changed this %(record)s (now at version %(current)s) after you "
    "opened it at version %(opened)s. Nothing of yours was saved and their change "
    "stands: copy your edits, reload the page, and apply them again."
)


def current_version(instance) -> int | None:
    """The stored version of `instance`, its row locked if a transaction is open."""
    model = type(instance)
    using = router.db_for_write(model)
    queryset = model._default_manager.using(using).filter(pk=instance.pk)
    if connections[using].in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.values_list("version", flat=True).first()


VERSION_FIELD = "opened_version"


def gone_message(instance) -> str:
    """Why an edit of a record that is no longer stored cannot be saved."""
    label = instance._meta.verbose_name
    kept = merged_into(type(instance), instance.pk)
    if kept is None:
        return (
            f"This {label} was deleted while you edited it, so nothing was saved. "
            "Nothing was re-created either."
        )
    url = admin_change_url(kept)
    return format_html(
        'This {} was merged into <a href="{}">{}</a> while you edited it, so nothing '
        "was saved and nothing was re-created. Make your change there.",
        label,
        url,
        kept,
    )


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that refuses to save over a change made since it was opened."""

    opened_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or not self.needs_version_check():
            return cleaned_data
        opened = cleaned_data.get("opened_version")
        if opened is None:
            raise ValidationError(
                "This form is missing the version it was opened at; reload the page.",
                code="missing_version",
            )
        current = current_version(self.instance)
        if current is None:
            raise ValidationError(gone_message(self.instance), code="gone")
        if current != opened:
            raise ValidationError(
                STALE_MESSAGE,
                code="stale",
                params={
                    "record": self.instance._meta.verbose_name,
                    "current": current,
                    "opened": opened,
                },
            )
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        # An error on a hidden field (an inline row's link to its parent, the
        # version) is never shown beside it: the admin only says "Please correct
        # the error below". Such errors are shown with the form's own instead.
        for name in list(self._errors or {}):
            field = self.fields.get(name)
            if field is not None and field.widget.is_hidden:
                moved = self._errors.pop(name)
                self._errors.setdefault(
                    NON_FIELD_ERRORS, self.error_class(error_class="nonfield")
                ).extend(moved)

    def needs_version_check(self) -> bool:
        # A main form is always saved, even unchanged, so it is always checked; an
        # inline row nobody touched is not saved, so it cannot overwrite anything.
        return self.has_changed() or not getattr(self, "is_inline", False)


class VersionedInlineForm(VersionedModelForm):
    is_inline = True
