"""Filters for updates and the records that hang off them (quotes, media, ...).

Every item filter selects updates; quotes, media and contributions then match
through their update, so `?person=` means the same on all of them. The exception
is `q`: quotes and media are searched by their own text.
"""

import django_filters
from django.db.models import F
from rest_framework.exceptions import ValidationError

from items.models import (
    Contribution,
    Event,
    EventReport,
    Media,
    OrganizationInvolvement,
    PersonInvolvement,
    PlaceMention,
    Quote,
    Story,
    Update,
)
from items.search import MAX_WORDS, QueryTooLong
from newsarchive.filters import (
    ArchiveFilterSet,
    InRangeIsoDateTimeFilter,
    SlugsFilter,
    StrictBooleanFilter,
    reader,
)
from newsarchive.merging import merged_slug
from newsarchive.public import is_public
from people.models import Alias, Organization, Person
from places.api.filters import place_by_slug
from places.models import Place

# The q filters' syntax, the same on PostgreSQL and SQLite (items/search.py).
SEARCH_SYNTAX = (
    'Web-search syntax: words (all required), "exact phrase", OR between '
    'alternatives, -word or -"phrase" to exclude; English stemming (strikes '
    f"finds strike), stop words (the, of) ignored, at most {MAX_WORDS} words. "
    "PostgreSQL and SQLite agree but for rare stems, stop words inside a phrase "
    "(any word may stand in for one on PostgreSQL only) and hyphenated words "
    "(drone-strike also finds drone strike on SQLite)."
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
    event = SlugsFilter(
        Event,
        "Slug of an event: the items of the updates that report it; repeat to "
        "match any.",
        method="filter_event",
    )
    q = django_filters.CharFilter(
        method="filter_q",
        label="Full text over the update's headline, summary, body and quote "
        f"text. {SEARCH_SYNTAX}",
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
        user = reader(self.request)
        aliases = Alias.objects.visible_to(user)
        persons = Person.objects.visible_to(user).search(value, aliases=aliases)
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
        matched with a semi-join. A date range narrows the involvement's scan. For
        the public, the row's own flag says whether a public link is behind it
        (items/migrations/0016), so no link table is probed.
        """
        dates = self._date_range()
        public = is_public(reader(self.request))
        leads = "seek_published_at" not in queryset.query.annotations
        if self.update_key == "pk" and len(records) == 1 and leads:
            join = involvement._meta.get_field("update").related_query_name()
            links = {f"{join}__{lookup}": day for lookup, day in dates.items()}
            # alias() after filter() reuses the filter's join: one row per update.
            if public:
                links[f"{join}__is_public"] = True
            return queryset.filter(**{f"{join}__{entity}": records[0]}, **links).alias(
                seek_published_at=F(f"{join}__published_at"),
                seek_id=F(f"{join}__update"),
            )
        links = involvement.objects.filter(**{f"{entity}__in": records}, **dates)
        if public:
            links = links.filter(is_public=True)
        return self._updates(queryset, links.values("update"))

    def filter_event(self, queryset, name, value: list):
        if not value:
            return queryset
        reports = self._visible(EventReport).filter(event__in=value)
        return self._updates(queryset, reports.values("update"))

    def filter_place(self, queryset, name, value: str):
        places = Place.objects.inside(place_by_slug(value, name, self.request))
        mentions = self._visible(PlaceMention).filter(place__in=places)
        return self._updates(queryset, mentions.values("update"))

    def filter_place_exact(self, queryset, name, value: str):
        place = place_by_slug(value, name, self.request)
        mentions = self._visible(PlaceMention).filter(place=place)
        return self._updates(queryset, mentions.values("update"))

    def _visible(self, model):
        return model.objects.visible_to(reader(self.request))

    def filter_q(self, queryset, name, value: str):
        try:
            return self.search(queryset, value)
        except QueryTooLong as error:
            raise ValidationError({name: [str(error)]}) from None

    def search(self, queryset, text: str):
        """The rows matching `text`: updates, quotes and media by their own text."""
        return queryset.matching(text)

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
        quotes = self._visible(Quote).filter(channel__in=value)
        return queryset.filter(pk__in=quotes.values("update"))


class QuoteFilterSet(ItemFilterSet):
    name_fields = ("text",)

    q = django_filters.CharFilter(
        method="filter_q",
        label=f"Full text over the quote's own words. {SEARCH_SYNTAX}",
    )

    channel = django_filters.MultipleChoiceFilter(
        choices=Quote.Channel.choices, label="Where it was said; repeat to match any."
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label="Slug of the person or organization who spoke.",
    )
    reported = StrictBooleanFilter(
        label="true: reported speech only (no quotation marks); false: quotations only."
    )
    event = SlugsFilter(
        Event,
        "Slug of an event: the quotes and statements about it; repeat to match any.",
        method="filter_event",
    )

    class Meta:
        model = Quote
        fields = []

    def filter_event(self, queryset, name, value: list):
        return queryset.filter(event__in=value) if value else queryset

    def filter_speaker(self, queryset, name, value: str):
        slug = value
        if not (
            Person.objects.filter(slug=value).exists()
            or Organization.objects.filter(slug=value).exists()
        ):  # a speaker merged into another, by the old slug
            slug = merged_slug(Person, value) or merged_slug(Organization, value)
            if slug is None:
                raise ValidationError(
                    {name: [f"No person or organization with slug {value!r}."]}
                )
        return queryset.filter(person__slug=slug) | queryset.filter(
            organization__slug=slug
        )


class MediaFilterSet(ItemFilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=f"Full text over the caption and credit line. {SEARCH_SYNTAX}",
    )
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
    q = django_filters.CharFilter(
        method="filter_q",
        label="Contributions to the updates whose headline, summary, body or quote "
        f"text match. {SEARCH_SYNTAX}",
    )
    role = django_filters.MultipleChoiceFilter(
        choices=Contribution.Role.choices, label="Author, contributor, editor..."
    )

    class Meta:
        model = Contribution
        fields = []

    def search(self, queryset, text: str):
        # A contribution has no text of its own. A semi-join, which PostgreSQL
        # may run from either side: the newest contributions probing their
        # update's stored vector, or a rare word's updates through the index.
        updates = Update.objects.using(queryset.db).matching(text)
        return queryset.filter(update__in=updates)


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
