"""GET /api/v1/export/: a closed slice of the published archive as a streamed dump."""

import datetime
import zlib

from django.conf import settings
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

from items.api.filters import UpdateFilterSet
from items.models import Update
from newsarchive.filters import StrictFilterBackend
from newsarchive.replicas import reading_alias
from newsarchive.throttling import (
    AnonymousRateThrottle,
    CuratorRateThrottle,
    ScopedThrottle,
    first_refusal,
)
from newsarchive.timeouts import limit_statements

from .selection import closed_slice, header_filters, whole_archive
from .writer import dump_lines, snapshot

JSON_LINES = "application/x-ndjson"


class OnlyJSON(BaseContentNegotiation):
    """JSON for errors whatever `?format=` says; the filters refuse `format`."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class ExportView(GenericAPIView):
    """The published records matching the filters, with all they reference.

    The same dump as `manage.py export --status published` with the same
    filters (docs/dump-format.md), streamed as it is written.
    """

    queryset = Update.objects.published()
    filterset_class = UpdateFilterSet
    filter_backends = [StrictFilterBackend]
    extra_parameters = ("compression",)
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
            )
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
        filters = header_filters(
            {
                name: [value for value in values if value]
                for name, values in request.query_params.lists()
                if name in UpdateFilterSet.base_filters
            }
        )
        if filters:
            selection = closed_slice(updates, filters, public=True)
        else:
            selection = whole_archive(updates, public=True)
        selection.filters["status"] = ["published"]
        name = f"newsarchive-{datetime.date.today().isoformat()}.jsonl"
        lines = _in_snapshot(dump_lines(selection))
        if compression:
            lines, name = _gzipped(lines), name + ".gz"
        response = StreamingHttpResponse(
            lines, content_type="application/gzip" if compression else JSON_LINES
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


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
