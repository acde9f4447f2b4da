from django.db import connections
from django.db.models import Prefetch
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
from items.ninjs import update_to_ninjs
from newsarchive.renderers import ORJSONRenderer
from newsarchive.serializers import check_requested, requested
from people.models import Affiliation

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
SPEAKER_ROLES = Prefetch(
    "person__affiliations",
    queryset=Affiliation.objects.select_related("organization", "jurisdiction"),
)
CREDITS = Prefetch(
    "credits", queryset=Credit.objects.select_related("person", "organization")
)


class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Story.objects.select_related("publisher")
    serializer_class = StorySerializer
    filterset_class = StoryFilterSet
    lookup_field = "slug"
    ordering = ("title", "id")
    ordering_fields = ["title", "slug", "id"]


class UpdateViewSet(viewsets.ReadOnlyModelViewSet):
    """Updates, newest first. Drafts and updates in review are curators' only."""

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
        expand, fields = check_requested(
            request,
            fields=UpdateSerializer.Meta.fields,
            expandable=UpdateSerializer.expandable,
        )
        queryset = self.filter_queryset(Update.objects.visible_to(request.user))
        if connections[queryset.db].vendor == "postgresql":
            page = self.paginate_queryset(queryset.values("id", "published_at"))
            ids = [row["id"] for row in page]
            # JSON as PostgreSQL built it goes out untouched, unless CSV or a
            # choice of fields needs the rows as Python data.
            raw = not fields and request.accepted_renderer.format == "json"
            rows = update_rows_from_sql(ids, expand=expand, using=queryset.db, raw=raw)
        else:
            page = self.paginate_queryset(queryset.values(*UPDATE_COLUMNS))
            rows = update_rows(page, expand=expand)
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
        return Response(update_to_ninjs(update, url=request.build_absolute_uri))

    def get_queryset(self):
        expand = set(requested(self.request, "expand"))
        quotes = Quote.objects.all()
        if "quotes" in expand:
            quotes = quotes.select_related(*QUOTE_RELATIONS).prefetch_related(
                SPEAKER_ROLES
            )
        media = Media.objects.all()
        if "media" in expand or self.action == "ninjs":
            media = media.select_related("place").prefetch_related(CREDITS)
        queryset = (
            Update.objects.visible_to(self.request.user)
            .select_related("story")
            .prefetch_related(
                # In id order, as the list's fast rows give them: without an
                # ORDER BY PostgreSQL returns rows in whatever order it finds them.
                *(
                    Prefetch(
                        f"{entity}_mentions",
                        queryset=model.objects.select_related(entity).order_by("id"),
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
        if self.action == "ninjs":
            queryset = queryset.prefetch_related("contributions__person")
        return queryset


class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilterSet
    queryset = Quote.objects.all()
    ordering = ("-id",)
    ordering_fields = ["id", "said_on"]

    def get_queryset(self):
        return (
            Quote.objects.visible_to(self.request.user)
            .select_related(*QUOTE_RELATIONS)
            .prefetch_related(SPEAKER_ROLES)
        )


class MediaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MediaSerializer
    filterset_class = MediaFilterSet
    queryset = Media.objects.all()
    ordering = ("-id",)
    ordering_fields = ["id"]

    def get_queryset(self):
        return (
            Media.objects.visible_to(self.request.user)
            .select_related("place")
            .prefetch_related(CREDITS)
        )


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    queryset = Contribution.objects.all()
    ordering = ("-id",)
    ordering_fields = ["id"]

    def get_queryset(self):
        return Contribution.objects.visible_to(self.request.user).select_related(
            "person"
        )
