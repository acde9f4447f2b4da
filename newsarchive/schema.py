"""OpenAPI additions drf-spectacular cannot infer: `fields` and `expand`."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter


class ArchiveAutoSchema(AutoSchema):
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
