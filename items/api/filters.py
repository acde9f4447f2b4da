"""Filters for updates and the records that hang off them (quotes, media, ...).

Every item filter selects updates; quotes, media and contributions then match
through their update, so `?person=` means the same on all of them.
"""

import django_filters
from django.db.models import F, QuerySet

from items.models import (
    Contribution,
    Credit,
    Involvement,
    Media,
    OrganizationMention,
    PlaceMention,
    Quote,
    Story,
    Update,
)
from newsarchive.filters import ArchiveFilterSet, SlugsFilter
from people.models import Organization, Person
from places.api.filters import place_by_slug
from places.models import Place


def updates_involving_persons(persons, dates: dict | None = None) -> QuerySet:
    """Ids of updates that mention, quote or credit any of `persons`.

    `dates` ({"published_at__gte": ..., "published_at__lt": ...}) is applied to
    the involvement's copy of its update's date, so a date range narrows the index
    scan on (person, published_at) instead of filtering every link afterwards.
    """
    return Involvement.objects.filter(person__in=persons, **(dates or {})).values(
        "update"
    )


def updates_involving_organizations(organizations) -> QuerySet:
    """Ids of updates that mention, quote or credit any of `organizations`."""
    return (
        OrganizationMention.objects.filter(organization__in=organizations)
        .order_by()
        .values("update")
        .union(
            Quote.objects.filter(organization__in=organizations)
            .order_by()
            .values("update"),
            Credit.objects.filter(organization__in=organizations)
            .order_by()
            .values("media__update"),
        )
    )


class ItemFilterSet(ArchiveFilterSet):
    """Filters on the update an item belongs to (the update itself, for updates)."""

    # How this FilterSet's rows reach their update: "pk" for updates.
    update_key = "update"

    person = SlugsFilter(
        Person,
        "Slug of a person mentioned, quoted or credited; repeat to match any.",
        method="filter_person",
    )
    person_name = django_filters.CharFilter(
        method="filter_person_name",
        label="Part of any name of a person (canonical or alias, ignoring case): "
        "Strelkov finds Igor Girkin's items.",
    )
    organization = SlugsFilter(
        Organization,
        "Slug of an organization mentioned, quoted or credited; repeat to match any.",
        method="filter_organization",
    )
    place = django_filters.CharFilter(
        method="filter_place",
        label="Slug of a place: items about it or anywhere inside it.",
    )
    place_exact = django_filters.CharFilter(
        method="filter_place_exact",
        label="Slug of a place: items about that place only, not what lies inside.",
    )
    story = SlugsFilter(
        Story, "Slug of the story; repeat to match any.", method="filter_story"
    )
    q = django_filters.CharFilter(
        method="filter_q",
        label="Full text over headline, summary, body and quote text, English "
        'stemming. On PostgreSQL web-search syntax: "exact phrase", or, -word.',
    )
    published_after = django_filters.IsoDateTimeFilter(
        method="filter_published_after",
        label="Published at or after this ISO 8601 date or time (UTC if no zone).",
    )
    published_before = django_filters.IsoDateTimeFilter(
        method="filter_published_before",
        label="Published before this ISO 8601 date or time (UTC if no zone).",
    )

    def _updates(self, queryset, update_ids):
        return queryset.filter(**{f"{self.update_key}__in": update_ids})

    def _update_field(self, field: str) -> str:
        return field if self.update_key == "pk" else f"update__{field}"

    def _date_range(self) -> dict:
        data = self.form.cleaned_data
        dates = {}
        if data.get("published_after"):
            dates["published_at__gte"] = data["published_after"]
        if data.get("published_before"):
            dates["published_at__lt"] = data["published_before"]
        return dates

    def filter_person(self, queryset, name, value: list):
        return self._involving_persons(queryset, value)

    def filter_person_name(self, queryset, name, value: str):
        return self._involving_persons(queryset, Person.objects.search(value))

    def _involving_persons(self, queryset, persons):
        """Rows whose update involves any of `persons`.

        One person's updates are joined to their involvements and sorted and paged
        on the involvement's copies of the update's date and id (the `seek_`
        aliases of newsarchive.pagination): one backward range scan on
        (person, published_at, update) that stops at the page's end, however many
        updates the person is in (bench/README.md, case b). Several persons could
        share an update, so they are matched with a semi-join instead.
        """
        dates = self._date_range()
        if self.update_key == "pk" and len(persons) == 1:
            links = {f"involvements__{lookup}": day for lookup, day in dates.items()}
            # alias() after filter() reuses the filter's join, so one row per update.
            return queryset.filter(involvements__person=persons[0], **links).alias(
                seek_published_at=F("involvements__published_at"),
                seek_id=F("involvements__update"),
            )
        return self._updates(queryset, updates_involving_persons(persons, dates))

    def filter_organization(self, queryset, name, value: list):
        return self._updates(queryset, updates_involving_organizations(value))

    def filter_place(self, queryset, name, value: str):
        places = Place.objects.inside(place_by_slug(value, name))
        return self._updates(
            queryset, PlaceMention.objects.filter(place__in=places).values("update")
        )

    def filter_place_exact(self, queryset, name, value: str):
        place = place_by_slug(value, name)
        return self._updates(
            queryset, PlaceMention.objects.filter(place=place).values("update")
        )

    def filter_q(self, queryset, name, value: str):
        if self.update_key == "pk":
            return queryset.matching(value)
        return self._updates(queryset, Update.objects.matching(value).values("pk"))

    def filter_story(self, queryset, name, value: list):
        return queryset.filter(**{f"{self._update_field('story')}__in": value})

    def filter_published_after(self, queryset, name, value: str):
        return queryset.filter(**{f"{self._update_field('published_at')}__gte": value})

    def filter_published_before(self, queryset, name, value: str):
        return queryset.filter(**{f"{self._update_field('published_at')}__lt": value})


class UpdateFilterSet(ItemFilterSet):
    update_key = "pk"
    name_fields = ("headline",)

    channel = django_filters.MultipleChoiceFilter(
        choices=Quote.Channel.choices,
        method="filter_channel",
        label="Updates with a quote on this channel; repeat to match any.",
    )
    kind = django_filters.MultipleChoiceFilter(
        field_name="story__kind",
        choices=Story.Kind.choices,
        label="Kind of story the update belongs to.",
    )

    class Meta:
        model = Update
        fields = []

    def filter_channel(self, queryset, name, value: str):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Quote.objects.filter(channel__in=value).values("update")
        )


class QuoteFilterSet(ItemFilterSet):
    name_fields = ("text",)

    channel = django_filters.MultipleChoiceFilter(
        choices=Quote.Channel.choices, label="Where it was said; repeat to match any."
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label="Slug of the person or organization who spoke.",
    )

    class Meta:
        model = Quote
        fields = []

    def filter_speaker(self, queryset, name, value: str):
        return queryset.filter(person__slug=value) | queryset.filter(
            organization__slug=value
        )


class MediaFilterSet(ItemFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=Media.Kind.choices, label="Photo, video, graphic or audio."
    )
    verification = django_filters.MultipleChoiceFilter(
        choices=Media.Verification.choices, label="How far the media is verified."
    )

    class Meta:
        model = Media
        fields = []


class ContributionFilterSet(ItemFilterSet):
    role = django_filters.MultipleChoiceFilter(
        choices=Contribution.Role.choices, label="Author, contributor, editor..."
    )

    class Meta:
        model = Contribution
        fields = []


class StoryFilterSet(ArchiveFilterSet):
    name_fields = ("title",)

    kind = django_filters.MultipleChoiceFilter(
        choices=Story.Kind.choices, label="Live blog or article."
    )
    publisher = SlugsFilter(Organization, "Slug of the publishing organization.")
    language = django_filters.CharFilter(label="BCP 47 language tag: en, uk, ru.")

    class Meta:
        model = Story
        fields = []
