"""Keyset cursor pagination: stable while records arrive, flat cost at any depth.

A cursor holds the values of every sort field of the row a page starts after (or,
going back, before), the last being the unique id, so a page is "the next N rows
past these values": one index range scan at any depth, and rows added meanwhile
never shift a page. DRF's CursorPagination keeps only the first sort field and an
offset among ties; its `previous` link is wrong when a whole page shares one value
(encode/django-rest-framework#7709), which day-precision dates make likely.

A filter may give the queryset a `seek_<field>` alias: a column that always holds
the same value as `<field>` but sits in an index better shaped for the filtered
rows (items.api.filters: a person's updates by date). The cursor then sorts and
seeks on the alias; positions, and so cursors, are the same either way.

Sort fields that may be NULL sort their NULLs last, in both directions.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as FieldValueError
from django.db import models
from django.db.models import F, Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import replace_query_param

SEEK_PREFIX = "seek_"
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Key:
    """One sort field: what the query sorts on, and the model field behind it."""

    name: str
    field: models.Field
    descending: bool

    def order(self, backwards: bool):
        descending = self.descending != backwards
        if not self.field.null:
            return f"-{self.name}" if descending else self.name
        # NULLs last going forwards, so first going back.
        nulls = {"nulls_first": True} if backwards else {"nulls_last": True}
        return F(self.name).desc(**nulls) if descending else F(self.name).asc(**nulls)

    def beyond(self, value, backwards: bool) -> Q:
        """Rows strictly past `value` in this direction."""
        if backwards:
            if value is None:
                return Q(**{f"{self.name}__isnull": False})
            return Q(**{f"{self.name}__{'gt' if self.descending else 'lt'}": value})
        if value is None:
            return NOTHING
        past = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return past | Q(**{f"{self.name}__isnull": True}) if self.field.null else past

    def at_or_beyond(self, value, backwards: bool) -> Q:
        """`beyond` or equal, as one range an index can scan."""
        if value is None:
            return Q() if backwards else Q(**{f"{self.name}__isnull": True})
        lookup = "gte" if self.descending == backwards else "lte"
        at = Q(**{f"{self.name}__{lookup}": value})
        return (
            at | Q(**{f"{self.name}__isnull": True})
            if (self.field.null and not backwards)
            else at
        )

    def same(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.name}__isnull": True})
        return Q(**{self.name: value})

    def read(self, row):
        return (
            row[self.field.name]
            if isinstance(row, dict)
            else getattr(row, self.field.attname)
        )


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

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.keys = self.get_keys(queryset, self.get_ordering(request, queryset, view))
        self.backwards, self.position = self.decode_cursor(request)

        queryset = queryset.order_by(*(key.order(self.backwards) for key in self.keys))
        if self.position is not None:
            queryset = queryset.filter(self.past(self.position, self.backwards))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if self.backwards:
            self.page.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, self.position is not None
        self.display_page_controls = self.has_next or self.has_previous
        return self.page

    def get_keys(self, queryset, ordering) -> list[Key]:
        """The sort fields, ending with the id so that no two rows tie."""
        aliases, meta = queryset.query.annotations, queryset.model._meta
        terms = list(ordering)
        if not {term.lstrip("-") for term in terms} & {"id", "pk"}:
            terms.append("-id" if terms and terms[0].startswith("-") else "id")
        keys = []
        for term in terms:
            name = term.lstrip("-")
            name = meta.pk.name if name == "pk" else name
            field = meta.get_field(name)
            if SEEK_PREFIX + name in aliases:
                name = SEEK_PREFIX + name
            keys.append(Key(name, field, term.startswith("-")))
        return keys

    def past(self, position: list, backwards: bool) -> Q:
        """Rows after `position` in the sort order (before it, going back)."""
        condition, tied = NOTHING, Q()
        for key, value in zip(self.keys, position, strict=True):
            condition |= tied & key.beyond(value, backwards)
            tied &= key.same(value)
        # The first field's range, stated alone, is what an index scan starts from.
        return self.keys[0].at_or_beyond(position[0], backwards) & condition

    def get_paginated_response(self, data):
        """The page, with its neighbours also in a `Link` header (RFC 8288), as
        GitHub's API gives them: a CSV page has no body to carry them in, and a
        script follows rel="next" to the end of any list."""
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (
                ("next", self.get_next_link()),
                ("prev", self.get_previous_link()),
            )
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_next_link(self):
        if not self.has_next:
            return None
        position = self.row_position(self.page[-1]) if self.page else self.position
        return replace_query_param(
            self.base_url, self.cursor_query_param, encode_cursor(False, position)
        )

    def get_previous_link(self):
        if not self.has_previous:
            return None
        position = self.row_position(self.page[0]) if self.page else self.position
        return replace_query_param(
            self.base_url, self.cursor_query_param, encode_cursor(True, position)
        )

    def row_position(self, row) -> list:
        return [key.read(row) for key in self.keys]

    def decode_cursor(self, request):
        """(backwards, position) from `?cursor=`; (False, None) without one.

        An empty `?cursor=` is no cursor, as every empty parameter is nothing.
        """
        token = request.query_params.get(self.cursor_query_param)
        if not token:
            return False, None
        try:
            payload = json.loads(base64.urlsafe_b64decode(token.encode()))
            backwards, raw = bool(payload["b"]), payload["p"]
            if not isinstance(raw, list) or len(raw) != len(self.keys):
                raise ValueError("the cursor does not fit this ordering")
            if any(isinstance(value, str) and "\x00" in value for value in raw):
                raise ValueError("a NUL character cannot be stored")
            position = [
                None if value is None else key.field.to_python(value)
                for key, value in zip(self.keys, raw, strict=True)
            ]
        except (
            ValueError,
            TypeError,
            KeyError,
            binascii.Error,
            FieldValueError,
        ):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        "Not a cursor this API issued for this ordering: follow "
                        "the `next` and `previous` links of a list response."
                    ]
                }
            ) from None
        return backwards, position

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


def encode_cursor(backwards: bool, position: list) -> str:
    """The `?cursor=` value for the page past `position` (before it, if backwards)."""
    payload = {"b": int(backwards), "p": [_jsonable(value) for value in position]}
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def _jsonable(value):
    # isoformat keeps microseconds, which DjangoJSONEncoder would cut to
    # milliseconds: a cursor must hold the exact value to seek past it.
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value
