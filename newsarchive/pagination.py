"""Cursor pagination: stable while new records arrive, flat cost at any depth.

A filter may give the queryset a `seek_<field>` alias: a column that always holds
the same value as `<field>` but sits in an index better shaped for the filtered
rows (items.api.filters: a person's updates by date). The cursor then sorts and
seeks on the alias; positions, and so cursors, are the same either way.
"""

from django.conf import settings
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

SEEK_PREFIX = "seek_"


class ArchiveCursorPagination(CursorPagination):
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    ordering = ("-id",)

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Must be a whole number from 1 to {self.max_page_size}; "
                        f"got {raw!r}."
                    ]
                }
            )
        return int(raw)

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        aliases = queryset.query.annotations
        seek = []
        for term in ordering:
            name = SEEK_PREFIX + term.lstrip("-")
            if name in aliases:
                term = ("-" if term.startswith("-") else "") + name
            seek.append(term)
        return tuple(seek)

    def _get_position_from_instance(self, instance, ordering):
        # Rows carry the field itself, which holds the same value as its alias.
        field = ordering[0].lstrip("-").removeprefix(SEEK_PREFIX)
        return super()._get_position_from_instance(instance, (field,))

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        "Not a cursor this API issued: follow the `next` and "
                        "`previous` links of a list response."
                    ]
                }
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
                parameter["description"] = (
                    f"Records per page, 1 to {self.max_page_size} "
                    f"(default {self.page_size})."
                )
        return parameters
