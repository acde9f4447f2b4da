"""Filtering shared by every API list: strict parameters, NetBox-style lookups."""

import datetime

import django_filters
from django import forms as django_forms
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

# Query parameters every list understands besides its filters.
COMMON_PARAMETERS = {"cursor", "page_size", "ordering", "fields", "expand", "format"}


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    def clean(self, value):
        # A list, not a queryset: an absent parameter is then an empty value the
        # filter skips, where an empty queryset would be compiled to be tested.
        if not value and not self.required:
            return []
        return list(super().clean(value))


class InRangeIsoDateTimeField(django_filters.fields.IsoDateTimeField):
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


class InRangeIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date or time whose UTC equivalent exists."""

    field_class = InRangeIsoDateTimeField


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Records by slug, ORed when repeated. An unknown slug is a 400."""

    field_class = SlugsField

    def __init__(self, model, label: str, **kwargs):
        super().__init__(
            queryset=model.objects.all(), to_field_name="slug", label=label, **kwargs
        )

    def get_filter_predicate(self, record):
        # Compare the foreign key with the record found by slug, not with the slug.
        return {self.field_name: record}


class ArchiveFilterSet(django_filters.FilterSet):
    """A FilterSet whose `name_fields` also get `__ic` (contains) and `__n` (not)."""

    name_fields: tuple[str, ...] = ()

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for field in cls.name_fields:
            filters[f"{field}__ic"] = django_filters.CharFilter(
                field_name=field,
                lookup_expr="icontains",
                label=f"{field.capitalize()} contains this text, ignoring case.",
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
        known = set(COMMON_PARAMETERS) | set(getattr(view, "extra_parameters", ()))
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
