"""`?fields=` and `?expand=` for every API serializer."""

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from newsarchive.public import shown


def requested(request, name: str) -> list[str]:
    """The names listed in `?name=a,b`; none for an empty or absent parameter.

    An empty name inside a list (`?expand=,` or `a,,b`) is a 400: the schema
    lists names, and an empty one is none of them.
    """
    raw = request.query_params.get(name, "") if request is not None else ""
    if not raw:
        return []
    parts = [part.strip() for part in raw.split(",")]
    if not all(parts):
        raise ValidationError({name: ["An empty name in the list: write a,b."]})
    return parts


def check_requested(request, *, fields: list[str], expandable) -> tuple[set, list]:
    """The `expand` and `fields` a request asks for; a 400 naming any unknown one."""
    expand = requested(request, "expand")
    unknown = [name for name in expand if name not in expandable]
    if unknown:
        choices = ", ".join(sorted(expandable)) or "nothing"
        raise ValidationError(
            {"expand": [f"Cannot expand {', '.join(unknown)}. Choose from: {choices}."]}
        )
    chosen = requested(request, "fields")
    unknown = [name for name in chosen if name not in fields]
    if unknown:
        raise ValidationError(
            {
                "fields": [
                    f"No field {', '.join(unknown)}. Choose from: {', '.join(fields)}."
                ]
            }
        )
    return set(expand), chosen


class ExpandableSerializer(serializers.ModelSerializer):
    """A record whose related records can be embedded on request.

    `expandable` maps a field name to a factory of the serializer that embeds it;
    without `?expand=name` the field holds the related record's slug or id. With
    `?fields=a,b` only those fields are returned. Unknown names are a 400 naming
    the parameter. Only the top-level record reads the request.
    """

    expandable: dict = {}
    # Optional references to a person, organization or place: null for a client
    # who may not see the record referred to (newsarchive.public).
    references: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not self._is_top_level():
            return
        expand, fields = check_requested(
            request, fields=list(self.fields), expandable=self.expandable
        )
        for name in expand:
            self.fields[name] = self.expandable[name]()
        if fields:
            for name in set(self.fields) - set(fields):
                self.fields.pop(name)

    def _is_top_level(self) -> bool:
        parent = self.parent
        return parent is None or (
            isinstance(parent, serializers.ListSerializer) and parent.parent is None
        )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = request.user if request is not None else None
        for name in self.references:
            if name in data and shown(getattr(instance, name), user) is None:
                data[name] = None
        return data
