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
    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        if self.method != "GET":
            return serializer
        return {
            200: serializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            429: ErrorSerializer,
        }

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
