"""`/api/v1/events/`: incidents, their actors, and the figures claimed about them."""

import django_filters
from django import forms
from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from items.models import Event, EventActor, EventReport, ReportedFigure, Update
from items.models.events import KINDS, Category
from newsarchive.counting import CountMixin
from newsarchive.filters import ArchiveFilterSet, reader
from newsarchive.merging import merged_slug
from newsarchive.public import visible
from newsarchive.serializers import ExpandableSerializer
from people.models import Organization, Person
from places.api.filters import place_by_slug
from places.api.serializers import PlaceSummarySerializer
from places.models import Place

from .aggregates import TimelineMixin
from .serializers import SpeakerSerializer


def party(record) -> dict:
    """A person or organization as the API names one: type, slug and name."""
    kind = "person" if isinstance(record, Person) else "organization"
    return {"type": kind, "slug": record.slug, "name": record.name}


class ActorSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()

    class Meta:
        model = EventActor
        fields = ["type", "slug", "name", "role"]

    def get_type(self, actor) -> str:
        return "person" if actor.person_id else "organization"

    def get_slug(self, actor) -> str:
        return actor.party.slug

    def get_name(self, actor) -> str:
        return actor.party.name


class CompactActorSerializer(ActorSerializer):
    class Meta(ActorSerializer.Meta):
        fields = ["type", "slug", "role"]


class FigureSerializer(serializers.ModelSerializer):
    claimant = serializers.SerializerMethodField(
        help_text="Who claimed it; null when the text names nobody."
    )
    update = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ReportedFigure
        fields = [
            "id",
            "quantity",
            "value_low",
            "value_high",
            "as_written",
            "claimant",
            "claimed_on",
            "update",
        ]

    @extend_schema_field(SpeakerSerializer(allow_null=True))
    def get_claimant(self, figure) -> dict | None:
        return party(figure.claimant) if figure.claimant else None


class ReportingUpdateSerializer(serializers.ModelSerializer):
    story = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Update
        fields = ["id", "headline", "published_at", "story"]


class EventSerializer(ExpandableSerializer):
    category = serializers.CharField(
        read_only=True, help_text="The kind's group: ACLED's event type."
    )
    place = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    actors = CompactActorSerializer(many=True, read_only=True)
    figures = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the figures claimed about it."
    )
    updates = serializers.SerializerMethodField(
        help_text="Ids of the updates that report it, newest first."
    )
    expandable = {
        "place": lambda: PlaceSummarySerializer(read_only=True, allow_null=True),
        "actors": lambda: ActorSerializer(many=True, read_only=True),
        "figures": lambda: FigureSerializer(many=True, read_only=True),
        "updates": lambda: serializers.SerializerMethodField(
            method_name="get_update_records"
        ),
    }
    references = ("place",)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "category",
            "summary",
            "started_on",
            "ended_on",
            "date_precision",
            "place",
            "location_precision",
            "status",
            "actors",
            "figures",
            "updates",
        ]

    def get_updates(self, event) -> list[int]:
        return [report.update_id for report in event.shown_reports]

    @extend_schema_field(ReportingUpdateSerializer(many=True))
    def get_update_records(self, event) -> list[dict]:
        return ReportingUpdateSerializer(
            [report.update for report in event.shown_reports], many=True
        ).data


class SlugListField(forms.Field):
    """Slugs given by repeating the parameter (?actor=a&actor=b), as the
    API's other slug filters take them."""

    widget = forms.MultipleHiddenInput  # reads every value, not the last

    def to_python(self, value):
        return [slug for slug in value or [] if slug]


ACTOR = (
    "Slug of a person or organization taking part, in any role (or in "
    "actor_role); repeat to match any."
)


@extend_schema_field(
    {"type": "array", "items": {"type": "string"}, "description": ACTOR}
)
class ActorFilter(django_filters.Filter):
    field_class = SlugListField


class IdFilter(django_filters.NumberFilter):
    """A whole number: django-filter's NumberFilter takes 1.5 and finds nothing."""

    field_class = forms.IntegerField


class EventFilterSet(ArchiveFilterSet):
    name_fields = ("title",)

    kind = django_filters.MultipleChoiceFilter(
        choices=Event.Kind.choices, label="Kind of event; repeat to match any."
    )
    category = django_filters.MultipleChoiceFilter(
        choices=Category.choices,
        method="filter_category",
        label="ACLED event type, the group of kinds; repeat to match any.",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Event.Status.choices,
        label="Draft or published (the public sees published events only).",
    )
    place = django_filters.CharFilter(
        method="filter_place",
        label="Slug of a place: events there or anywhere inside it.",
    )
    place_exact = django_filters.CharFilter(
        method="filter_place_exact",
        label="Slug of a place: events at that place only, not inside it.",
    )
    date_from = django_filters.DateFilter(
        method="filter_date_from",
        label="Events under way on or after this ISO 8601 date (overlapping: an "
        "event from 1 to 5 May matches date_from=2023-05-03).",
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to",
        label="Events under way on or before this ISO 8601 date (overlapping).",
    )
    actor = ActorFilter(method="filter_actor", label=ACTOR)
    actor_role = django_filters.MultipleChoiceFilter(
        choices=EventActor.Role.choices,
        method="filter_actor_role",
        label="Events with an actor in this role (the actor's, with actor=); "
        "repeat to match any.",
    )
    has_figures = django_filters.MultipleChoiceFilter(
        choices=ReportedFigure.Quantity.choices,
        method="filter_has_figures",
        label="Events with a figure claimed for this quantity; repeat to match any.",
    )
    update = IdFilter(
        min_value=1,
        max_value=2**63 - 1,  # PostgreSQL's bigint
        method="filter_update",
        label="Id of an update: the events it reports.",
    )

    class Meta:
        model = Event
        fields = []

    def _visible(self, model):
        return model.objects.visible_to(reader(self.request))

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        kinds = [kind for kind, (_, group) in KINDS.items() if group in value]
        return queryset.filter(kind__in=kinds)

    def filter_place(self, queryset, name, value):
        place = place_by_slug(value, name, self.request)
        return queryset.filter(place__in=Place.objects.inside(place))

    def filter_place_exact(self, queryset, name, value):
        return queryset.filter(place=place_by_slug(value, name, self.request))

    def filter_date_from(self, queryset, name, value):
        return queryset.overlapping(start=value)

    def filter_date_to(self, queryset, name, value):
        return queryset.overlapping(end=value)

    def _actors(self):
        """The visible actor rows the actor= and actor_role= parameters ask for."""
        data = self.form.cleaned_data
        actors = self._visible(EventActor)
        if data.get("actor"):
            persons, organizations = parties_by_slug(
                data["actor"], "actor", self.request
            )
            actors = actors.filter(
                Q(person__in=persons) | Q(organization__in=organizations)
            )
        if data.get("actor_role"):
            actors = actors.filter(role__in=data["actor_role"])
        return actors

    def filter_actor(self, queryset, name, value):
        return queryset.filter(pk__in=self._actors().values("event"))

    def filter_actor_role(self, queryset, name, value):
        if not value or self.form.cleaned_data.get("actor"):
            return queryset  # filter_actor applied both
        return queryset.filter(pk__in=self._actors().values("event"))

    def filter_has_figures(self, queryset, name, value):
        if not value:
            return queryset
        figures = self._visible(ReportedFigure).filter(quantity__in=value)
        return queryset.filter(pk__in=figures.values("event"))

    def filter_update(self, queryset, name, value):
        reports = self._visible(EventReport).filter(update=value)
        return queryset.filter(pk__in=reports.values("event"))


def parties_by_slug(slugs: list[str], parameter: str, request):
    """The persons and organizations `slugs` name; a 400 naming `parameter` for
    a slug that names no party the client may see. A party merged into
    another is found by its old slug too."""
    user = reader(request)

    def found(slugs):
        persons = list(Person.objects.visible_to(user).filter(slug__in=slugs))
        organizations = list(
            Organization.objects.visible_to(user).filter(slug__in=slugs)
        )
        return persons, organizations, {r.slug for r in [*persons, *organizations]}

    persons, organizations, named = found(slugs)
    if set(slugs) - named:
        slugs = [
            slug
            if slug in named
            else merged_slug(Person, slug) or merged_slug(Organization, slug) or slug
            for slug in slugs
        ]
        persons, organizations, named = found(slugs)
    unknown = [slug for slug in slugs if slug not in named]
    if unknown:
        raise ValidationError(
            {parameter: [f"No person or organization with slug {unknown[0]!r}."]}
        )
    return persons, organizations


class EventViewSet(CountMixin, TimelineMixin, viewsets.ReadOnlyModelViewSet):
    """Events, latest first. Draft and unconfirmed events are curators' only."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    lookup_field = "slug"
    ordering = ("-started_on", "-id")
    ordering_fields = ["started_on", "ended_on", "title", "id"]
    # An event counts in the bucket of its first day.
    timeline_field = "started_on"
    timeline_range = ("date_from", "date_to")

    def get_queryset(self):
        user = self.request.user
        parties = ("person", "organization")
        actors = visible(EventActor.objects.select_related(*parties), user)
        figures = visible(ReportedFigure.objects.select_related(*parties), user)
        reports = visible(
            EventReport.objects.select_related("update__story").order_by(
                "-update__published_at", "-update_id"
            ),
            user,
        )
        return (
            Event.objects.visible_to(user)
            .select_related("place")
            .prefetch_related(
                Prefetch("actors", queryset=actors.order_by("id")),
                Prefetch("figures", queryset=figures.order_by("quantity", "id")),
                Prefetch("reports", queryset=reports, to_attr="shown_reports"),
            )
        )
