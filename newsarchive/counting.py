"""`?count=true` and `/count/` on every list: the exact number of matches.

A researcher asking "how many quotes from Peskov" should not page through them.
The count is of the same queryset the list pages through (the same filters, the
same public rule), so the two cannot disagree; tests/test_api_aggregates.py holds
them to it on both databases.
"""

from django import forms
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .aggregate_cache import kept
from .filters import COMMON_PARAMETERS, StrictBooleanField

# What an aggregate (a count, a timeline, facets) takes besides the filters:
# it has no pages, fields or expansions, so those are refused by name. An
# `ordering` is checked, as the list checks it, and changes nothing.
AGGREGATE_PARAMETERS = {"format", "ordering"}
# And each its own: items.api.aggregates.
AGGREGATE_ACTIONS = {
    "count": (),
    "timeline": ("interval",),
    "facets": ("facet", "limit"),
}


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many records match the filters.")


COUNT_PARAMETER = OpenApiParameter(
    "count",
    bool,
    description='true: answer {"count": n}, the number of records matching the '
    "filters, instead of a page (the same as the list's /count/).",
)


def wants_count(request) -> bool:
    try:
        return bool(StrictBooleanField().clean(request.query_params.get("count")))
    except forms.ValidationError as error:
        raise ValidationError({"count": error.messages}) from None


# For a list viewset: `?count=true` and a `/count/` twin. (A comment, not a
# docstring: drf-spectacular would show it as every list's description.)
class CountMixin:
    @property
    def common_parameters(self):
        if getattr(self, "action", None) in AGGREGATE_ACTIONS:
            return AGGREGATE_PARAMETERS
        return COMMON_PARAMETERS | {"count"}

    @property
    def extra_parameters(self):
        return AGGREGATE_ACTIONS.get(getattr(self, "action", None), ())

    def list(self, request, *args, **kwargs):
        if wants_count(request):
            return self.count(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="How many records match the filters",
        responses={200: CountSerializer},
        filters=True,
    )
    @action(detail=False, url_path="count", pagination_class=None)
    def count(self, request, *args, **kwargs):
        return Response({"count": kept(request, lambda: self.count_of(request))})

    def count_of(self, request) -> int:
        return self.matching(request).count()

    def matching(self, request):
        """The records the list would page through, unsorted, with nothing
        joined or prefetched for display."""
        queryset = self.get_queryset().select_related(None).prefetch_related(None)
        return self.filter_queryset(queryset).order_by()
