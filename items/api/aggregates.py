"""Timelines and facets: "how many, when" and "who, where" in one request.

Both summarize the records a list would page through with the same filters
(newsarchive.counting.CountMixin.matching), so they obey the same public rule:
drafts and unconfirmed links count nowhere. They group in the database and
read only what the filters select. The most common questions are answered
ahead: the public's count or timeline of one person or organization, and its
count of one word, sum counts the database keeps (KeptCountsMixin); its facets
of one place, or of everything, are the top rows of kept counts
(items.kept_facets).
"""

import datetime

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from items import kept_facets
from items.models import (
    OrganizationDayCount,
    OrganizationInvolvement,
    PersonDayCount,
    PersonInvolvement,
    PlaceMention,
    Quote,
)
from items.search import kept_word_count
from newsarchive.aggregate_cache import kept
from newsarchive.filters import rfc3339
from newsarchive.pagination import SEEK_PREFIX
from newsarchive.public import is_public, visible
from newsarchive.serializers import requested
from places.api.filters import place_by_slug

INTERVALS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
# A day-by-day timeline of a century is no answer anyone reads.
MAX_BUCKETS = 5000


class BucketSerializer(serializers.Serializer):
    start = serializers.DateField(
        help_text="First day of the bucket (weeks start on Monday)."
    )
    count = serializers.IntegerField()


class TimelineSerializer(serializers.Serializer):
    interval = serializers.ChoiceField(choices=list(INTERVALS))
    buckets = BucketSerializer(many=True)


INTERVAL_PARAMETER = OpenApiParameter(
    "interval",
    str,
    enum=list(INTERVALS),
    required=True,
    description="Bucket size: day, week (from Monday) or month, in UTC.",
)


def _step(day: datetime.date, interval: str) -> datetime.date:
    if interval == "day":
        return day + datetime.timedelta(days=1)
    if interval == "week":
        return day + datetime.timedelta(days=7)
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _start_of(day: datetime.date, interval: str) -> datetime.date:
    if interval == "week":
        return day - datetime.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def buckets(counts: dict, interval: str, first=None, last=None) -> list[dict]:
    """Every bucket from `first` to `last` (else the counted ones' ends), with zeros."""
    first = _start_of(first, interval) if first else None
    last = _start_of(last, interval) if last else None
    if counts:
        # An open end is the last bucket with a count. A counted bucket outside
        # the range asked shows too: an event counted on its first day can
        # overlap `date_from` from before it, and the buckets add up to the count.
        first = min(counts) if first is None else min(first, min(counts))
        last = max(counts) if last is None else max(last, max(counts))
    first, last = first or last, last or first
    if first is None or first > last:
        return []
    rows, day = [], first
    while day <= last:
        rows.append({"start": day, "count": counts.get(day, 0)})
        if len(rows) > MAX_BUCKETS:
            raise ValidationError(
                {
                    "interval": [
                        f"More than {MAX_BUCKETS} buckets: choose a longer interval "
                        "or narrow the dates."
                    ]
                }
            )
        try:
            day = _step(day, interval)
        except OverflowError:  # past 9999-12-31
            break
    return rows


class TimelineMixin:
    """`/timeline/?interval=`: how many records match, per day, week or month.

    `timeline_field` is the date a record is counted on; `timeline_range` names
    the two filters that bound it, so that the buckets run from the first asked
    for to the last even where nothing matched.
    """

    timeline_field = "published_at"
    timeline_range = ("published_after", "published_before")

    @extend_schema(
        summary="How many records match, per day, week or month",
        parameters=[INTERVAL_PARAMETER],
        responses={200: TimelineSerializer},
        filters=True,
    )
    @action(detail=False, url_path="timeline", pagination_class=None)
    def timeline(self, request, *args, **kwargs):
        interval = request.query_params.get("interval", "")
        if interval not in INTERVALS:
            raise ValidationError(
                {"interval": [f"Choose one of: {', '.join(INTERVALS)}."]}
            )
        return Response(kept(request, lambda: self._timeline(request, interval)))

    def _timeline(self, request, interval: str) -> dict:
        queryset = self.matching(request)
        days = self.entity_days(request)
        if days is not None:
            rows = (
                days.annotate(bucket=INTERVALS[interval]("day"))
                .values("bucket")
                .annotate(n=Sum("updates"))
                .order_by("bucket")
            )
            counts = {_as_date(row["bucket"]): row["n"] for row in rows}
            return {"interval": interval, "buckets": buckets(counts, interval)}
        field = self.timeline_field
        if SEEK_PREFIX + field in queryset.query.annotations:
            # The same date, read from the index the filter's join scans.
            field = SEEK_PREFIX + field
        kwargs = {"tzinfo": datetime.UTC} if field.endswith("_at") else {}
        rows = (
            queryset.annotate(bucket=INTERVALS[interval](field, **kwargs))
            .values("bucket")
            .annotate(n=Count("*"))
            .order_by("bucket")
        )
        counts = {_as_date(row["bucket"]): row["n"] for row in rows}
        first, last = self._timeline_bounds(request)
        return {"interval": interval, "buckets": buckets(counts, interval, first, last)}

    def entity_days(self, request):
        """The day counts that answer `request` without reading the records, or None."""
        return None

    def _timeline_bounds(self, request):
        """The first and last day the range filters ask for (they validated them).

        A moment's "before" is exclusive: published_before=2023-06-01 ends in May.
        """
        start, end = (
            _moment(request.query_params.get(name)) for name in self.timeline_range
        )
        if end is not None and self.timeline_range[1] == "published_before":
            if end == datetime.datetime.min.replace(tzinfo=end.tzinfo):
                return None, None  # before the first moment: nothing
            end -= datetime.timedelta(microseconds=1)
        return (_as_date(start) if start else None, _as_date(end) if end else None)


def _moment(raw: str | None) -> datetime.datetime | None:
    if not raw:
        return None
    try:
        moment = datetime.datetime.fromisoformat(rfc3339(raw))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment


# What a count or timeline takes besides its filters; `ordering` changes nothing.
NOT_FILTERS = {"format", "ordering", "interval", "count"}
DAY_COUNTS = {"person": PersonDayCount, "organization": OrganizationDayCount}


def asked(request, *, besides=()) -> set[str]:
    """The filters `request` uses (an empty value does not count)."""
    params = request.query_params
    used = {name for name in params if any(params.getlist(name))}
    return used - NOT_FILTERS - set(besides)


class KeptCountsMixin:
    """A public count or timeline of one person's or organization's updates, and
    nothing else asked, is the sum of its day counts: a few hundred rows kept by
    triggers (items.models.counts), not a read of every update. So is a public
    count of one word (PostgreSQL). Curators count drafts too, and any other
    question takes the general path.
    """

    def count_of(self, request) -> int:
        queryset = self.matching(request)  # which checks every parameter
        days = self.entity_days(request)
        if days is not None:
            return days.aggregate(n=Sum("updates"))["n"] or 0
        if is_public(request.user) and self._asked(request) == {"q"}:
            found = kept_word_count(request.query_params["q"], using=queryset.db)
            if found is not None:
                return found
        return queryset.count()

    def _asked(self, request) -> set[str]:
        return asked(request)

    def entity_days(self, request):
        if not is_public(request.user):
            return None
        params, used = request.query_params, self._asked(request)
        if len(used) != 1:
            return None
        (name,) = used
        if name not in DAY_COUNTS or len([v for v in params.getlist(name) if v]) != 1:
            return None
        # Filters checked the slug already (matching()); this finds its record.
        filterset = self.filterset_class(params, request=request)
        if not filterset.is_valid():
            return None
        (record,) = filterset.form.cleaned_data[name]
        return DAY_COUNTS[name].objects.filter(**{name: record})


class FacetItemSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The slug, or the channel.")
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="Matching updates with this value.")


class FacetsSerializer(serializers.Serializer):
    person = FacetItemSerializer(many=True, required=False)
    organization = FacetItemSerializer(many=True, required=False)
    place = FacetItemSerializer(many=True, required=False)
    story = FacetItemSerializer(many=True, required=False)
    channel = FacetItemSerializer(many=True, required=False)


FACETS = ["person", "organization", "place", "story", "channel"]
DEFAULT_LIMIT, MAX_LIMIT = 10, 100


class FacetsMixin:
    """`/facets/?facet=person,place`: the most frequent values among the matches."""

    @extend_schema(
        summary="The most frequent persons, organizations, places, stories and "
        "channels among the matching updates",
        parameters=[
            OpenApiParameter(
                "facet",
                {"type": "array", "items": {"type": "string", "enum": FACETS}},
                required=True,
                style="form",
                explode=False,
                description="Comma-separated facets to count. A person or "
                "organization counts where it is mentioned, quoted or credited "
                "(as the person and organization filters match); a place where "
                "it is mentioned itself; a channel where a quote was said on it.",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"Values per facet, 1 to {MAX_LIMIT} "
                f"(default {DEFAULT_LIMIT}); the most frequent first, ties by value.",
            ),
        ],
        responses={200: FacetsSerializer},
        filters=True,
    )
    @action(detail=False, url_path="facets", pagination_class=None)
    def facets(self, request, *args, **kwargs):
        names = requested(request, "facet")
        if not names:
            raise ValidationError(
                {"facet": [f"Name one or more of: {', '.join(FACETS)}."]}
            )
        unknown = [name for name in names if name not in FACETS]
        if unknown:
            raise ValidationError(
                {
                    "facet": [
                        f"No facet {', '.join(unknown)}. "
                        f"Choose from: {', '.join(FACETS)}."
                    ]
                }
            )
        limit = request.query_params.get("limit") or str(DEFAULT_LIMIT)
        if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
            raise ValidationError(
                {
                    "limit": [
                        f"Must be a whole number from 1 to {MAX_LIMIT}; got {limit!r}."
                    ]
                }
            )
        updates = self.matching(request)
        public = is_public(request.user)

        def count():
            scope = self._kept_scope(request, updates.db)
            if scope is not None:
                return {
                    name: self._kept_top(scope, name, int(limit), updates.db)
                    for name in dict.fromkeys(names)
                }
            return {
                name: getattr(self, f"_facet_{name}")(updates, int(limit), public)
                for name in dict.fromkeys(names)
            }

        return Response(kept(request, count))

    def _kept_scope(self, request, using: str) -> int | None:
        """The place whose kept facets answer `request` (0: the whole archive),
        or None for the general path: a curator's request, any filter but one
        place, or more changes waiting to be counted than one request takes.
        """
        if not is_public(request.user):
            return None
        used = asked(request, besides=("facet", "limit"))
        values = [v for v in request.query_params.getlist("place") if v]
        if used == {"place"} and len(values) == 1:
            scope = place_by_slug(values[0], "place", request).pk
        elif not used:
            scope = 0
        else:
            return None
        return scope if kept_facets.caught_up(using) else None

    def _kept_top(self, scope: int, name: str, limit: int, using: str) -> list[dict]:
        labels = dict(Quote.Channel.choices) if name == "channel" else {}
        return [
            {"value": value, "name": labels.get(value, label), "count": n}
            for value, label, n in kept_facets.top(scope, name, limit, using=using)
        ]

    def _top(self, rows, limit: int, value: str, name: str) -> list[dict]:
        rows = rows.annotate(n=Count("*")).order_by("-n", value)[:limit]
        return [
            {"value": row[value], "name": row[name], "count": row["n"]} for row in rows
        ]

    def _involved(self, involvement, entity: str, updates, limit, public):
        links = involvement.objects.filter(update__in=updates.values("pk"))
        if public:
            links = links.filter(is_public=True, **{f"{entity}__is_confirmed": True})
        rows = links.values(slug=F(f"{entity}__slug"), label=F(f"{entity}__name"))
        return self._top(rows, limit, "slug", "label")

    def _facet_person(self, updates, limit, public):
        return self._involved(PersonInvolvement, "person", updates, limit, public)

    def _facet_organization(self, updates, limit, public):
        return self._involved(
            OrganizationInvolvement, "organization", updates, limit, public
        )

    def _facet_place(self, updates, limit, public):
        mentions = visible(PlaceMention.objects.all(), self.request.user)
        rows = mentions.filter(update__in=updates.values("pk")).values(
            slug=F("place__slug"), label=F("place__name")
        )
        return self._top(rows, limit, "slug", "label")

    def _facet_story(self, updates, limit, public):
        rows = updates.values(slug=F("story__slug"), label=F("story__title"))
        return self._top(rows, limit, "slug", "label")

    def _facet_channel(self, updates, limit, public):
        quotes = visible(Quote.objects.all(), self.request.user).exclude(channel="")
        rows = (
            quotes.filter(update__in=updates.values("pk"))
            .values("channel")
            .annotate(n=Count("update", distinct=True))
            .order_by("-n", "channel")[:limit]
        )
        labels = dict(Quote.Channel.choices)
        return [
            {"value": row["channel"], "name": labels[row["channel"]], "count": row["n"]}
            for row in rows
        ]
