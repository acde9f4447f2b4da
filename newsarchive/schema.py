"""OpenAPI additions drf-spectacular cannot infer: `fields`, `expand`, `count`."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error (see newsarchive.exceptions)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each offending parameter with its problems.",
    )


# Parameters whose type the filters' methods hide from drf-spectacular.
DATE = {"type": "string", "format": "date", "pattern": r"^(?!0000)\d{4}-"}
MOMENT = {"type": "string", "anyOf": [{"format": "date-time"}, DATE]}
PARAMETER_SCHEMAS = {
    "published_after": MOMENT,
    "published_before": MOMENT,
    "active_on": DATE,
    "date_from": DATE,
    "date_to": DATE,
    "update": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
}


class ArchiveAutoSchema(AutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        """A field that `?expand=` can embed is its slug or id, or the record."""
        result = super()._map_serializer(serializer, direction, bypass_extensions)
        properties = result.get("properties", {})
        for name, embedded in getattr(serializer, "expandable", {}).items():
            if name in properties:
                field = embedded()
                field.bind(name, serializer)  # a method field finds its method
                expanded = self._map_serializer_field(field, direction)
                properties[name] = {"anyOf": [properties[name], expanded]}
        return result

    def _get_response_bodies(self, direction="response"):
        # Added here rather than in get_response_serializers(), which an
        # @extend_schema(responses=...) replaces: every operation can answer these.
        responses = super()._get_response_bodies(direction)
        if self.method == "GET" and getattr(self.view, "action", None) == "list":
            # `?count=true` answers a count instead of a page.
            from .counting import CountSerializer

            for content in responses.get("200", {}).get("content", {}).values():
                count = self.resolve_serializer(CountSerializer, direction).ref
                content["schema"] = {"anyOf": [content["schema"], count]}
        if self.method == "GET":
            # 503: the request ran over STATEMENT_TIMEOUT (newsarchive.timeouts).
            for code in ("400", "404", "429", "503"):
                responses.setdefault(
                    code, self._get_response_for_code(ErrorSerializer, code)
                )
            # From gunicorn, before the archive sees the request.
            responses.setdefault(
                "414",
                {
                    "description": "The address is longer than the server takes "
                    "(4 KB for the request line)."
                },
            )
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        # Only where the view's serializer shapes the answer (not ninjs, say).
        if self.method != "GET" or getattr(self.view, "action", None) not in (
            "list",
            "retrieve",
        ):
            return parameters
        serializer_class = getattr(self.view, "serializer_class", None)
        expandable = sorted(getattr(serializer_class, "expandable", {}))
        fields = list(getattr(getattr(serializer_class, "Meta", None), "fields", []))
        parameters.append(
            _names(
                "fields",
                sorted(set(fields) | set(expandable)),
                "Comma-separated fields to return; the others are left out.",
            )
        )
        if self.view.action == "list":
            from .counting import COUNT_PARAMETER

            parameters.append(COUNT_PARAMETER)
        if expandable:
            parameters.append(
                _names(
                    "expand",
                    expandable,
                    "Comma-separated related records to embed instead of their "
                    "slug or id.",
                )
            )
        return parameters


def _names(parameter: str, choices: list[str], description: str) -> OpenApiParameter:
    """A comma-separated list of `choices` (`?expand=story,quotes`); any other
    name is a 400 naming the parameter."""
    return OpenApiParameter(
        parameter,
        {"type": "array", "items": {"type": "string", "enum": choices}},
        style="form",
        explode=False,
        description=description,
    )


def empty_means_absent(result, generator, request, public):
    """An empty query parameter (`?person=`) is taken as not given, as a web form
    sends it (newsarchive.filters.StrictFilterBackend, the cursor, the format):
    the schema says so with `allowEmptyValue`. Dates get their formats here."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
                    if parameter["name"] in PARAMETER_SCHEMAS:
                        parameter["schema"] = PARAMETER_SCHEMAS[parameter["name"]]
    return result


# Answers that take no `fields`: errors, and the aggregates (newsarchive.counting).
WHOLE = {"Error", "Count", "Timeline", "Bucket", "FacetItem"}


def sparse_fieldsets(result, generator, request, public):
    """Every GET takes `fields`, which leaves out the fields not asked for, so no
    field of a record is required in a response (errors and pages keep theirs)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name in WHOLE or name.startswith("Paginated"):
            continue
        component.pop("required", None)
    return result
