"""GET /api/v1/changes/: every change to a public record, in commit order."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from newsarchive.renderers import OnlyJSON, ORJSONRenderer

from .feed import START, Position, entries, parse_since
from .records import key_field

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
AT = serializers.DateTimeField()
PARAMETERS = ("since", "page_size")
# The detail route of each kind, and what it is looked up by.
DETAIL = {
    "place": "slug",
    "organization": "slug",
    "person": "slug",
    "story": "slug",
    "update": "pk",
    "affiliation": "pk",
    "event": "slug",
}

ENTRY_FIELDS = {
    "position": serializers.CharField(
        help_text="Resume from here: pass it as `since`."
    ),
    "type": serializers.ChoiceField(choices=list(DETAIL)),
    "id": serializers.IntegerField(),
    "slug": serializers.CharField(
        required=False, help_text="Places, organizations, persons, stories, events."
    ),
    "uid": serializers.UUIDField(
        required=False, help_text="Updates and affiliations, as in dumps."
    ),
    "action": serializers.ChoiceField(
        choices=["created", "changed", "deleted", "merged"]
    ),
    "at": serializers.DateTimeField(),
    "url": serializers.URLField(
        allow_null=True,
        help_text="The record now; merged: the one kept; deleted: null.",
    ),
    "into": serializers.CharField(
        required=False, help_text="Merged: the slug of the record kept."
    ),
    "was": serializers.CharField(
        required=False, help_text="Changed, and renamed: the slug it had before."
    ),
}


class ChangeFeedView(APIView):
    """Every public record created, changed, deleted or merged, in commit order.

    Records are those of the dumps: places, organizations, persons, stories,
    updates, affiliations and events. A change to a part (a quote, a mention, a
    media item, an alias, an event's actor) is a change to its record. A record
    that turns public (an update published, a proposal confirmed) is listed as
    created; one that stops being public (unpublished, unconfirmed) as deleted.
    Consecutive changes to one record are listed once.

    Start without `since` (or with a time) and keep the `position` of the last
    entry, or the response's `since`: passed back as `since`, it resumes there,
    across restarts of either side. A change is listed once the transaction
    that wrote it, and every one before it in the archive's database, has
    ended: a long one (a dump being loaded) holds the feed's end back until it
    commits, so that nothing it writes is passed over.
    """

    renderer_classes = [ORJSONRenderer]
    content_negotiation_class = OnlyJSON
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                str,
                description="A position (TXID.ID) from an earlier response: "
                "changes after it. Or an ISO 8601 time: changes from then on. "
                "Without it, from the first change.",
            ),
            OpenApiParameter(
                "page_size",
                int,
                description=f"Entries per response, 1 to {MAX_PAGE_SIZE} "
                f"(default {PAGE_SIZE}).",
            ),
        ],
        responses=inline_serializer(
            "ChangeFeed",
            {
                "since": serializers.CharField(
                    help_text="The position after this response's last entry."
                ),
                "next": serializers.URLField(help_text="The request to make next."),
                "results": inline_serializer("Change", ENTRY_FIELDS, many=True),
            },
        ),
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - set(PARAMETERS))
        if unknown:
            raise ValidationError(
                {
                    name: [f"Unknown parameter. Known: {', '.join(PARAMETERS)}."]
                    for name in unknown
                }
            )
        position = _since(request.query_params.get("since", ""))
        size = _page_size(request.query_params.get("page_size", ""))
        found, position = entries(position, size)
        query = {"since": str(position)}
        if size != PAGE_SIZE:
            query["page_size"] = size
        url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
        return Response(
            {
                "since": str(position),
                "next": url,
                "results": [_shown(request, entry) for entry in found],
            }
        )


def _since(value: str) -> Position:
    if not value:
        return START
    try:
        return parse_since(value)
    except ValueError as error:
        raise ValidationError({"since": [str(error)]}) from None


def _page_size(value: str) -> int:
    if not value:
        return PAGE_SIZE
    if (
        not value.isascii()
        or not value.isdigit()
        or not 1 <= int(value) <= MAX_PAGE_SIZE
    ):
        raise ValidationError(
            {"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]}
        )
    return int(value)


def _shown(request, entry) -> dict:
    shown = {
        "position": str(entry.position),
        "type": entry.kind,
        "id": entry.record_id,
        key_field(entry.kind): entry.key,
        "action": entry.action,
        # As every time the API writes: ISO 8601 in UTC with a Z.
        "at": AT.to_representation(entry.at),
        "url": None,
    }
    if entry.was:
        shown["was"] = entry.was
    if entry.action == "merged":
        shown["into"] = entry.into
        shown["url"] = _url(request, entry.kind, slug=entry.into)
    elif entry.action != "deleted":
        lookup = DETAIL[entry.kind]
        value = entry.key if lookup == "slug" else entry.record_id
        shown["url"] = _url(request, entry.kind, **{lookup: value})
    return shown


def _url(request, kind: str, **lookup) -> str | None:
    try:
        return request.build_absolute_uri(reverse(f"{kind}-detail", kwargs=lookup))
    except NoReverseMatch:
        return None
