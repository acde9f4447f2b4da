"""GET /api/v1/export/: a closed slice of the published archive as a streamed dump,
or (`since`) the published archive's changes since a position, as an incremental
dump."""

import datetime
import zlib

from django.conf import settings
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer

from changes.feed import parse_since
from items.api.filters import UpdateFilterSet
from items.models import Update
from newsarchive.filters import StrictFilterBackend
from newsarchive.renderers import OnlyJSON
from newsarchive.replicas import reading_alias
from newsarchive.throttling import (
    AnonymousRateThrottle,
    CuratorRateThrottle,
    ScopedThrottle,
    first_refusal,
)
from newsarchive.timeouts import limit_statements

from .incremental import changed_since
from .selection import closed_slice, header_filters, whole_archive
from .writer import dump_lines, snapshot

JSON_LINES = "application/x-ndjson"


class ExportView(GenericAPIView):
    """The published records matching the filters, with all they reference.

    The same dump as `manage.py export --status published` with the same
    filters (docs/dump-format.md), streamed as it is written; with `since`, the
    same as `export --status published --since`.
    """

    queryset = Update.objects.published()
    filterset_class = UpdateFilterSet
    filter_backends = [StrictFilterBackend]
    extra_parameters = ("compression", "since")
    throttle_classes = [AnonymousRateThrottle, CuratorRateThrottle, ScopedThrottle]
    throttle_scope = "export"
    pagination_class = None
    # Only the dump's own parameters: no pages, fields, expansions, ordering or
    # format (a dump is JSON Lines; errors are JSON), each a 400 naming it.
    common_parameters = ()
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OnlyJSON

    def check_throttles(self, request):
        first_refusal(self, request)

    @extend_schema(
        operation_id="export",
        summary="A dump of the published archive, or of the slice the filters pick",
        filters=True,
        parameters=[
            OpenApiParameter(
                "compression",
                str,
                enum=["gzip"],
                description="gzip: the dump as a .jsonl.gz file.",
            ),
            OpenApiParameter(
                "since",
                str,
                description="An incremental dump: the published records changed "
                "since this position of the change feed (the `position` of the "
                "last dump's header, or a feed entry's), or since this ISO 8601 "
                "time, with `deleted` lines for those gone since. Of the whole "
                "published archive: no other filter with it.",
            ),
        ],
        responses={
            (200, JSON_LINES): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/gzip"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request):
        compression = request.query_params.get("compression")
        if compression not in (None, "", "gzip"):
            raise ValidationError({"compression": ["Only gzip is offered."]})
        updates = self.filter_queryset(self.get_queryset())
        since = self.since(request)
        filters = header_filters(
            {
                name: [value for value in values if value]
                for name, values in request.query_params.lists()
                if name in UpdateFilterSet.base_filters
            }
        )
        name = f"newsarchive-{datetime.date.today().isoformat()}.jsonl"
        if since is not None:
            lines = _in_snapshot(_changes_since(since))
            name = name.replace(".jsonl", "-changes.jsonl")
        else:
            if filters:
                selection = closed_slice(updates, filters, public=True)
            else:
                selection = whole_archive(updates, public=True)
            selection.filters["status"] = ["published"]
            lines = _in_snapshot(dump_lines(selection))
        if compression:
            lines, name = _gzipped(lines), name + ".gz"
        response = StreamingHttpResponse(
            lines, content_type="application/gzip" if compression else JSON_LINES
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def since(self, request):
        value = request.query_params.get("since")
        if not value:  # as every parameter: empty is not given
            return None
        chosen = [
            name
            for name, values in request.query_params.lists()
            if name in UpdateFilterSet.base_filters and any(values)
        ]
        if chosen:
            raise ValidationError(
                {
                    "since": [
                        "An incremental dump is of the whole published archive: "
                        f"not with {', '.join(sorted(chosen))}."
                    ]
                }
            )
        try:
            return parse_since(value)
        except ValueError as error:
            raise ValidationError({"since": [str(error)]}) from None


def _changes_since(since):
    # Chosen in the dump's snapshot, from its changes, as `export --since` does.
    incremental = changed_since(since, Update.objects.published(), public=True)
    incremental.selection.filters["status"] = ["published"]
    yield from dump_lines(incremental.selection, incremental=incremental)


def _in_snapshot(lines):
    # The request's own limit is off once its view has returned: the stream
    # runs under the export's, on the database it reads (a replica, or the
    # primary: newsarchive.replicas).
    using = reading_alias()
    limit_statements(settings.EXPORT_STATEMENT_TIMEOUT, using=using)
    try:
        with snapshot(using=using):
            yield from lines
    finally:
        limit_statements(None, using=using)


def _gzipped(lines):
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header
    for line in lines:
        packed = packer.compress(line)
        if packed:
            yield packed
    yield packer.flush()
