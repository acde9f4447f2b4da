from django.db import connections
from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from items.models import (
    Contribution,
    Credit,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    Story,
    Update,
)
from items.ninjs import related_for_ninjs, update_to_ninjs
from newsarchive.counting import CountMixin, wants_count
from newsarchive.public import is_public, visible
from newsarchive.renderers import ORJSONRenderer
from newsarchive.serializers import check_requested, requested
from people.models import Affiliation

from .aggregates import FacetsMixin, KeptCountsMixin, TimelineMixin
from .filters import (
    ContributionFilterSet,
    MediaFilterSet,
    QuoteFilterSet,
    StoryFilterSet,
    UpdateFilterSet,
)
from .rows import UPDATE_COLUMNS, update_rows
from .rows_sql import update_rows_from_sql
from .serializers import (
    ContributionSerializer,
    MediaSerializer,
    QuoteSerializer,
    StorySerializer,
    UpdateSerializer,
)

# What a quote needs to name its speaker and the speaker's roles on the day.
QUOTE_RELATIONS = ("person", "organization", "update")


def speaker_roles(user) -> Prefetch:
    roles = Affiliation.objects.select_related("organization", "jurisdiction")
    return Prefetch("person__affiliations", queryset=visible(roles, user))


def credits(user) -> Prefetch:
    parties = Credit.objects.select_related("person", "organization")
    return Prefetch("credits", queryset=visible(parties, user))


class StoryViewSet(CountMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Story.objects.all()
    serializer_class = StorySerializer
    filterset_class = StoryFilterSet
    lookup_field = "slug"
    ordering = ("title", "id")
    ordering_fields = ["title", "slug", "id"]

    def get_queryset(self):
        return Story.objects.visible_to(self.request.user).select_related("publisher")


class UpdateViewSet(
    KeptCountsMixin,
    CountMixin,
    TimelineMixin,
    FacetsMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Updates, newest first. Drafts and updates in review are curators' only."""

    # Ids are ASCII digits: int() also reads full-width digits (U+FF11) as 1.
    lookup_value_regex = "[0-9]+"
    serializer_class = UpdateSerializer
    filterset_class = UpdateFilterSet
    queryset = Update.objects.all()
    ordering = ("-published_at", "-id")
    ordering_fields = ["published_at", "id"]

    def list(self, request, *args, **kwargs):
        """Pages are built as rows in SQL (PostgreSQL) or from `.values()` (SQLite).

        UpdateSerializer stays the documented shape, which the rows reproduce
        (tests/items/test_api_rows.py), and detail pages use it directly.
        """
        if wants_count(request):
            return self.count(request)
        expand, fields = check_requested(
            request,
            fields=UpdateSerializer.Meta.fields,
            expandable=UpdateSerializer.expandable,
        )
        queryset = self.filter_queryset(Update.objects.visible_to(request.user))
        public = is_public(request.user)
        if connections[queryset.db].vendor == "postgresql":
            page = self.paginate_queryset(queryset.values("id", "published_at"))
            ids = [row["id"] for row in page]
            # JSON as PostgreSQL built it goes out untouched, unless CSV or a
            # choice of fields needs the rows as Python data.
            raw = not fields and request.accepted_renderer.format == "json"
            rows = update_rows_from_sql(
                ids, expand=expand, using=queryset.db, raw=raw, public=public
            )
        else:
            page = self.paginate_queryset(queryset.values(*UPDATE_COLUMNS))
            rows = update_rows(page, expand=expand, public=public)
        if fields:
            rows = [{k: v for k, v in row.items() if k in fields} for row in rows]
        return self.get_paginated_response(rows)

    @extend_schema(
        summary="One update as an IPTC ninjs 3.1 object",
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, url_path="ninjs", renderer_classes=[ORJSONRenderer])
    def ninjs(self, request, pk=None):
        update = self.get_object()
        prefetch_related_objects([update], *related_for_ninjs(is_public(request.user)))
        return Response(update_to_ninjs(update, url=request.build_absolute_uri))

    def get_queryset(self):
        user = self.request.user
        expand = set(requested(self.request, "expand"))
        quotes = Quote.objects.visible_to(user)
        if "quotes" in expand:
            quotes = quotes.select_related(*QUOTE_RELATIONS).prefetch_related(
                speaker_roles(user)
            )
        media = Media.objects.all()
        if "media" in expand:
            media = media.select_related("place").prefetch_related(credits(user))
        queryset = (
            Update.objects.visible_to(user)
            .select_related("story")
            .prefetch_related(
                # In id order, as the list's fast rows give them: without an
                # ORDER BY PostgreSQL returns rows in whatever order it finds them.
                *(
                    Prefetch(
                        f"{entity}_mentions",
                        queryset=model.objects.visible_to(user)
                        .select_related(entity)
                        .order_by("id"),
                    )
                    for entity, model in (
                        ("person", PersonMention),
                        ("organization", OrganizationMention),
                        ("place", PlaceMention),
                    )
                ),
                Prefetch("quotes", queryset=quotes),
                Prefetch("media", queryset=media),
            )
        )
        return queryset


class QuoteViewSet(CountMixin, TimelineMixin, viewsets.ReadOnlyModelViewSet):
    # Ids are ASCII digits: int() also reads full-width digits (U+FF11) as 1.
    lookup_value_regex = "[0-9]+"
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilterSet
    queryset = Quote.objects.all()
    ordering = ("-id",)
    ordering_fields = ["id", "said_on"]

    def get_queryset(self):
        return (
            Quote.objects.visible_to(self.request.user)
            .select_related(*QUOTE_RELATIONS)
            .prefetch_related(speaker_roles(self.request.user))
        )


class MediaViewSet(CountMixin, viewsets.ReadOnlyModelViewSet):
    # Ids are ASCII digits: int() also reads full-width digits (U+FF11) as 1.
    lookup_value_regex = "[0-9]+"
    serializer_class = MediaSerializer
    filterset_class = MediaFilterSet
    queryset = Media.objects.all()
    ordering = ("-id",)
    ordering_fields = ["id"]

    def get_queryset(self):
        return (
            Media.objects.visible_to(self.request.user)
            .select_related("place")
            .prefetch_related(credits(self.request.user))
        )


class ContributionViewSet(CountMixin, viewsets.ReadOnlyModelViewSet):
    # Ids are ASCII digits: int() also reads full-width digits (U+FF11) as 1.
    lookup_value_regex = "[0-9]+"
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    queryset = Contribution.objects.all()
    ordering = ("-id",)
    ordering_fields = ["id"]

    def get_queryset(self):
        return Contribution.objects.visible_to(self.request.user).select_related(
            "person", "organization"
        )
