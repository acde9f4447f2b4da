"""Filtering shared by every API list: strict parameters, NetBox-style lookups."""

import datetime
import re

import django_filters
from django import forms as django_forms
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from changes.models import Change
from newsarchive.merging import merged_slug
from newsarchive.public import visible

# Query parameters every list understands besides its filters.
COMMON_PARAMETERS = {"cursor", "page_size", "ordering", "fields", "expand", "format"}


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One wording for every slug that names nothing the client may see.
        name = self.queryset.model._meta.verbose_name
        self.error_messages["invalid_choice"] = f"No {name} with slug %(value)r."

    def clean(self, value):
        # A list, not a queryset: an absent parameter is then an empty value the
        # filter skips, where an empty queryset would be compiled to be tested.
        if not value and not self.required:
            return []
        try:
            return list(super().clean(value))
        except django_forms.ValidationError:
            # A record merged into another is found by its old slug too.
            model = self.queryset.model
            kept = [merged_slug(model, slug) or slug for slug in value]
            if kept == list(value):
                raise
            return list(super().clean(kept))


# What RFC 3339 allows and Python's parser does not take: a leap second, lower
# case separators, more than six digits of a second.
LEAP_SECOND = re.compile(r"(T\d\d:\d\d):60(\.\d+)?")
LONG_FRACTION = re.compile(r"(\.\d{6})\d+")


def rfc3339(value: str) -> str:
    """`value` as Python's ISO parser takes it: 't'/'z' upper case, a leap second
    as the last moment of its minute, a fraction cut to microseconds."""
    value = value.strip()
    if len(value) > 10 and value[10] in "tT ":
        value = value[:10] + "T" + value[11:]
    if value.endswith("z"):
        value = value[:-1] + "Z"
    value = LEAP_SECOND.sub(r"\1:59.999999", value, count=1)
    return LONG_FRACTION.sub(r"\1", value, count=1)


class InRangeIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """Any RFC 3339 date-time, or an ISO 8601 date (its midnight, UTC)."""

    def to_python(self, value):
        if isinstance(value, str) and value:
            value = rfc3339(value)
            if value.startswith("0000-"):
                raise django_forms.ValidationError(
                    "Out of the range of dates: years start at 0001.",
                    code="out_of_range",
                )
        return super().to_python(value)

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            # In UTC: PostgreSQL refuses offsets past 15:59, which ISO 8601 allows
            # (0001-01-01T00:00-23:59 was a server error).
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise django_forms.ValidationError(
                "Out of the range of dates once converted to UTC.",
                code="out_of_range",
            ) from None


class StrictBooleanField(django_forms.NullBooleanField):
    """true or false (1 or 0); anything else is an error naming the parameter,
    where django-filter's own field quietly drops it and filters nothing."""

    # The value as sent: a select widget would turn an unknown one into None.
    widget = django_forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        found = {"true": True, "1": True, "false": False, "0": False}.get(
            str(value).lower()
        )
        if found is None:
            # The value goes in as a parameter: django-filter formats the
            # message with %, which a "%" in the value would break (a 500).
            raise django_forms.ValidationError(
                "“%(value)s” is not a boolean: use true or false.",
                code="invalid",
                params={"value": value},
            )
        return found

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", django_forms.TextInput)
        super().__init__(*args, **kwargs)


class InRangeIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date or time whose UTC equivalent exists."""

    field_class = InRangeIsoDateTimeField


def reader(request):
    """Who reads through a FilterSet: the request's user; the public without one."""
    return getattr(request, "user", None)


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Records by slug, ORed when repeated. An unknown slug is a 400, and so is
    the slug of a record the client may not see (newsarchive.public): a hidden
    record answers as if it did not exist."""

    field_class = SlugsField

    def __init__(self, model, label: str, **kwargs):
        super().__init__(
            queryset=lambda request: visible(model.objects.all(), reader(request)),
            to_field_name="slug",
            label=label,
            **kwargs,
        )

    def get_filter_predicate(self, record):
        # Compare the foreign key with the record found by slug, not with the slug.
        return {self.field_name: record}


class ArchiveFilterSet(django_filters.FilterSet):
    """A FilterSet whose `name_fields` also get `__ic` (contains) and `__n` (not),
    and `updated_after`, which every list takes."""

    name_fields: tuple[str, ...] = ()

    updated_after = InRangeIsoDateTimeFilter(
        method="filter_updated_after",
        label="Changed at or after this ISO 8601 date or time (UTC if no zone): "
        "created, edited, or a part of it changed (an update's quotes, a person's "
        "aliases), as the change feed (/api/v1/changes/) lists them.",
    )

    def filter_updated_after(self, queryset, name, value):
        # Read from the history's changes, not from a column on every table.
        return queryset.filter(pk__in=Change.objects.touched(queryset.model, value))

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for field in cls.name_fields:
            # Unless the FilterSet declares its own (a part of any name, say).
            filters.setdefault(
                f"{field}__ic",
                django_filters.CharFilter(
                    field_name=field,
                    lookup_expr="icontains",
                    label=f"{field.capitalize()} contains this text, ignoring case.",
                ),
            )
            filters[f"{field}__n"] = django_filters.CharFilter(
                field_name=field,
                lookup_expr="iexact",
                exclude=True,
                label=f"{field.capitalize()} is not this (ignoring case).",
            )
        return filters


class StrictFilterBackend(DjangoFilterBackend):
    """Refuses parameters no filter knows, so a typo cannot silently widen a query.

    An empty value (`?person=`) means the filter is not used, as in a web form.
    """

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"].copy()
        for key in list(data):
            values = [value for value in data.getlist(key) if value != ""]
            if values:
                data.setlist(key, values)
            else:
                del data[key]
        kwargs["data"] = data
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        common = getattr(view, "common_parameters", COMMON_PARAMETERS)
        known = set(common) | set(getattr(view, "extra_parameters", ()))
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {
                    name: [f"Unknown parameter. Known: {', '.join(sorted(known))}."]
                    for name in unknown
                }
            )
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` on the view's `ordering_fields`; anything else is a 400.

    The cursor pagination breaks ties by id (newsarchive.pagination).
    """

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = [
            item[0]
            for item in self.get_valid_fields(queryset, view, {"request": request})
        ]
        invalid = [term for term in fields if term.lstrip("-") not in valid]
        if invalid:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(invalid)}. "
                        f"Choose from: {', '.join(valid)} (prefix - for descending)."
                    ]
                }
            )
        return fields

    def get_schema_operation_parameters(self, view):
        names = [name for name, _ in self.get_valid_fields(None, view, {})]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Comma-separated fields to sort by; prefix - for "
                "descending. Ties are broken by id.",
                "style": "form",
                "explode": False,
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [p + name for name in names for p in ("", "-")],
                    },
                },
            }
        ]
