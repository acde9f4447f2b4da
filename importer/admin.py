"""The importer in the admin: an upload page, and the review queue of the
drafts it made, each with its proposals beside the text."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from items.models import (
    Contribution,
    Credit,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    Story,
)
from items.services import publish_update
from newsarchive.admin_site import admin_change_url
from newsarchive.curation import error_text
from newsarchive.records import Method

from . import review
from .models import ArticleImport
from .reading import MAX_BYTES, UnreadableArticle, decode_article
from .services import import_article


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False, help_text="A plain-text article, UTF-8, at most 2 MB."
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        help_text="Or paste the text here.",
    )
    story = forms.ModelChoiceField(
        queryset=Story.objects.order_by("title"),
        required=False,
        help_text="Empty: the story named by the article's title line, or a new one.",
    )
    published_on = forms.DateField(
        required=False,
        help_text="YYYY-MM-DD; empty: the date the text implies, if any.",
    )

    def clean(self):
        data = super().clean()
        upload, pasted = data.get("file"), data.get("text")
        if upload and pasted:
            raise ValidationError("Upload a file or paste a text, not both.")
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    {
                        "file": f"{upload.size:,} bytes is too large for an article "
                        f"(at most {MAX_BYTES:,})."
                    }
                )
            try:
                data["article"] = decode_article(upload.read(), name=upload.name)
            except UnreadableArticle as error:
                raise ValidationError({"file": str(error)}) from error
            data["source_name"] = upload.name
        elif pasted:
            try:
                data["article"] = decode_article(pasted.encode(), name="the text")
            except UnreadableArticle as error:
                raise ValidationError({"text": str(error)}) from error
            data["source_name"] = "pasted text"
        else:
            raise ValidationError("Upload a file or paste the article's text.")
        return data


def _unconfirmed(model, path="update"):
    rows = model.objects.filter(
        **{path: OuterRef("update")}, method=Method.IMPORTER, is_confirmed=False
    )
    counted = rows.order_by().values(path).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@admin.register(ArticleImport)
class ArticleImportAdmin(admin.ModelAdmin):
    """The review queue: imported drafts, the ones with proposals left first."""

    list_display = [
        "source_name",
        "headline",
        "story",
        "status",
        "open_proposals",
        "imported_by",
        "created_at",
    ]
    list_filter = ["update__status"]
    search_fields = ["source_name", "update__headline"]
    list_select_related = ["update__story", "imported_by"]

    def get_queryset(self, request):
        open_ = sum(
            (
                _unconfirmed(PersonMention),
                _unconfirmed(OrganizationMention),
                _unconfirmed(PlaceMention),
                _unconfirmed(Quote),
                _unconfirmed(Contribution),
                _unconfirmed(Credit, "media__update"),
            ),
            Value(0),
        )
        published = Case(When(update__status="published", then=1), default=0)
        # Annotated before ordering: the order is by these annotations.
        queryset = ArticleImport.objects.annotate(open_count=open_, published=published)
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        # Drafts first, the most to review first: a queue, not an archive.
        return ["published", "-open_count", "-created_at"]

    @admin.display(ordering="update__headline")
    def headline(self, obj):
        return obj.update.headline

    @admin.display(ordering="update__story__title")
    def story(self, obj):
        return obj.update.story

    @admin.display(ordering="update__status")
    def status(self, obj):
        return obj.update.get_status_display()

    @admin.display(description="open proposals", ordering="open_count")
    def open_proposals(self, obj):
        return obj.open_count

    def add_view(self, request, form_url="", extra_context=None):
        """The upload page: one article in, one draft with proposals out."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                imported = import_article(
                    data["article"],
                    source_name=data["source_name"],
                    story=data["story"],
                    published_on=data["published_on"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                self.log_addition(request, imported, "Imported an article.")
                self.message_user(
                    request,
                    f"Imported {imported.source_name} as draft update "
                    f"#{imported.update_id}: review its proposals below.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:importer_articleimport_change", args=[imported.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Import an article",
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/importer/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: the text, and each proposal to confirm or reject."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        imported = get_object_or_404(
            ArticleImport.objects.select_related("update__story"), pk=object_id
        )
        update = imported.update
        if request.method == "POST":
            if not self.has_change_permission(request, imported):
                raise PermissionDenied
            self._act(request, update)
            return HttpResponseRedirect(request.path)
        proposals = review.proposals_for(update)
        for proposal in proposals:
            # An event's report or figure is corrected on the event's page.
            record = getattr(proposal.record, "event", None) or proposal.record
            proposal.url = admin_change_url(record)
        rejected = review.rejected_for(update)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {update.headline}",
            "opts": self.opts,
            "imported": imported,
            "update": update,
            "update_url": reverse("admin:items_update_change", args=[update.pk]),
            "proposals": [*proposals, *rejected],
            "open_count": sum(1 for p in proposals if not p.is_confirmed),
            "can_change": self.has_change_permission(request, imported),
        }
        return TemplateResponse(request, "admin/importer/review.html", context)

    def _act(self, request, update) -> None:
        action = request.POST.get("action")
        keys = request.POST.getlist("proposal")
        user = request.user
        try:
            if action == "confirm_all":
                keys = [
                    p.key for p in review.proposals_for(update) if not p.is_confirmed
                ]
                keys = [k for k in keys if not k.startswith("correction:")]
                done = review.confirm(update, keys, acting_user=user)
                message = f"Confirmed {counted(done)} (text defects are left to you)."
            elif action in ("confirm", "reject"):
                if not keys:
                    raise ValidationError("Tick the proposals to act on first.")
                service = review.confirm if action == "confirm" else review.reject
                done = service(update, keys, acting_user=user)
                message = f"{action.capitalize()}ed {counted(done)}."
            elif action == "publish":
                publish_update(update, acting_user=user)
                message = f"Update #{update.pk} is published."
            else:
                raise ValidationError(f"Unknown action {action!r}.")
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return
        self.message_user(request, message, messages.SUCCESS)


def counted(n: int) -> str:
    return f"{n} proposal{'' if n == 1 else 's'}"
