"""Filters for updates and the records that hang off them (quotes, media, ...).

Every item filter selects updates; quotes, media and contributions then match
through their update, so `?person=` means the same on all of them.
"""

import django_filters
from django.db.models import F

from items.models import (
    Contribution,
    Media,
    OrganizationInvolvement,
    PersonInvolvement,
    PlaceMention,
    Quote,
    Story,
    Update,
)
from newsarchive.filters import (
    ArchiveFilterSet,
    InRangeIsoDateTimeFilter,
    SlugsFilter,
)
from people.models import Organization, Person
from places.api.filters import place_by_slug
from places.models import Place


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
    published_after = InRangeIsoDateTimeFilter(
        method="filter_published_after",
        label="Published at or after this ISO 8601 date or time (UTC if no zone).",
    )
    published_before = InRangeIsoDateTimeFilter(
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
        return self._involving(queryset, PersonInvolvement, "person", value)

    def filter_person_name(self, queryset, name, value: str):
        persons = Person.objects.search(value)
        return self._involving(queryset, PersonInvolvement, "person", persons)

    def filter_organization(self, queryset, name, value: list):
        return self._involving(queryset, OrganizationInvolvement, "organization", value)

    def _involving(self, queryset, involvement, entity: str, records):
        """Rows whose update involves any of `records` (persons or organizations).

        Updates of one record are joined to its involvements, then sorted and
        paged on the involvement's copies of the update's date and id (the `seek_`
        aliases of newsarchive.pagination): one backward range scan on
        (entity, published_at, update) that stops at the page's end, however many
        updates the record is in (bench/README.md, case b). Several records could
        share an update, and only one join can lead the sort, so the rest are
        matched with a semi-join. A date range narrows the involvement's scan.
        """
        dates = self._date_range()
        leads = "seek_published_at" not in queryset.query.annotations
        if self.update_key == "pk" and len(records) == 1 and leads:
            join = involvement._meta.get_field("update").related_query_name()
            links = {f"{join}__{lookup}": day for lookup, day in dates.items()}
            # alias() after filter() reuses the filter's join: one row per update.
            return queryset.filter(**{f"{join}__{entity}": records[0]}, **links).alias(
                seek_published_at=F(f"{join}__published_at"),
                seek_id=F(f"{join}__update"),
            )
        links = involvement.objects.filter(**{f"{entity}__in": records}, **dates)
        return self._updates(queryset, links.values("update"))

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
