"""OpenAPI additions drf-spectacular cannot infer: `fields` and `expand`."""

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


class ArchiveAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        # Added here rather than in get_response_serializers(), which an
        # @extend_schema(responses=...) replaces: every operation can answer these.
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            for code in ("400", "404", "429"):
                responses.setdefault(
                    code, self._get_response_for_code(ErrorSerializer, code)
                )
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method != "GET":
            return parameters
        serializer_class = getattr(self.view, "serializer_class", None)
        expandable = sorted(getattr(serializer_class, "expandable", {}))
        fields = list(getattr(getattr(serializer_class, "Meta", None), "fields", []))
        parameters.append(
            OpenApiParameter(
                "fields",
                str,
                description="Comma-separated fields to return, from: "
                + ", ".join(fields + expandable),
            )
        )
        if expandable:
            parameters.append(
                OpenApiParameter(
                    "expand",
                    str,
                    description="Comma-separated related records to embed instead "
                    "of their slug or id: " + ", ".join(expandable),
                )
            )
        return parameters


def sparse_fieldsets(result, generator, request, public):
    """Every GET takes `fields`, which leaves out the fields not asked for, so no
    field of a record is required in a response (errors and pages keep theirs)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name == "Error" or name.startswith("Paginated"):
            continue
        component.pop("required", None)
    return result
