from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from items.models import Contribution, Credit, Media, Quote, Story, Update
from newsarchive.serializers import ExpandableSerializer
from people.api.serializers import (
    OrganizationSummarySerializer,
    PersonSummarySerializer,
)
from places.api.serializers import PlaceSummarySerializer


class StorySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Story
        fields = ["slug", "title", "kind"]


class StorySerializer(ExpandableSerializer):
    publisher = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    expandable = {
        "publisher": lambda: OrganizationSummarySerializer(
            read_only=True, allow_null=True
        )
    }
    references = ("publisher",)

    class Meta:
        model = Story
        fields = ["slug", "title", "kind", "publisher", "url", "language"]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinkedSlugsField(serializers.Field):
    """The slugs of the records an update's mentions point at."""

    def __init__(self, target: str, **kwargs):
        self.target = target
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, mentions):
        return [getattr(mention, self.target).slug for mention in mentions.all()]


def mention_serializer(target: str, summary):
    """An embedded mention: the linked record plus how the update refers to it."""

    class MentionSerializer(serializers.Serializer):
        record = summary(source=target, read_only=True)
        rel = serializers.CharField(read_only=True)
        as_written = serializers.CharField(read_only=True)

        def to_representation(self, mention):
            data = super().to_representation(mention)
            return {**data.pop("record"), **data}

    MentionSerializer.__name__ = f"{target.capitalize()}MentionSerializer"
    return MentionSerializer


class SpeakerSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["person", "organization", "description"])
    slug = serializers.CharField(allow_null=True)
    name = serializers.CharField()


class QuoteSerializer(ExpandableSerializer):
    update = serializers.PrimaryKeyRelatedField(read_only=True)
    speaker = serializers.SerializerMethodField(
        help_text="Slug of the person or organization who spoke; null for an "
        "unnamed speaker (see speaker_description)."
    )
    speaker_type = serializers.SerializerMethodField()
    speaker_roles = serializers.SerializerMethodField(
        help_text='The speaker\'s roles on the day it was said: "spokesman, Kremlin".'
    )
    expandable = {
        "speaker": lambda: serializers.SerializerMethodField(
            method_name="get_speaker_record"
        ),
    }

    class Meta:
        model = Quote
        fields = [
            "id",
            "update",
            "text",
            "speaker",
            "speaker_type",
            "speaker_description",
            "speaker_roles",
            "channel",
            "reported",
            "said_on",
            "position",
        ]

    def get_speaker(self, quote) -> str | None:
        party = quote.person or quote.organization
        return party.slug if party else None

    def get_speaker_type(self, quote) -> str:
        if quote.person_id:
            return "person"
        return "organization" if quote.organization_id else "description"

    @extend_schema_field(SpeakerSerializer)
    def get_speaker_record(self, quote) -> dict:
        party = quote.person or quote.organization
        return {
            "type": self.get_speaker_type(quote),
            "slug": party.slug if party else None,
            "name": party.name if party else quote.speaker_description,
        }

    def get_speaker_roles(self, quote) -> list[str]:
        return quote.person.roles_on(quote.spoken_on) if quote.person else []


class CreditSerializer(serializers.ModelSerializer):
    party = serializers.SerializerMethodField(help_text="Slug of the credited party.")
    party_type = serializers.SerializerMethodField()

    class Meta:
        model = Credit
        fields = ["position", "role", "party", "party_type", "as_written"]

    def get_party(self, credit) -> str:
        return credit.party.slug

    def get_party_type(self, credit) -> str:
        return "person" if credit.person_id else "organization"


class ExpandedCreditSerializer(CreditSerializer):
    party = serializers.SerializerMethodField()

    @extend_schema_field(SpeakerSerializer)
    def get_party(self, credit) -> dict:
        return {
            "type": self.get_party_type(credit),
            "slug": credit.party.slug,
            "name": credit.party.name,
        }


class MediaSerializer(ExpandableSerializer):
    update = serializers.PrimaryKeyRelatedField(read_only=True)
    place = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    credits = CreditSerializer(many=True, read_only=True)
    expandable = {
        "place": lambda: PlaceSummarySerializer(read_only=True, allow_null=True),
        "credits": lambda: ExpandedCreditSerializer(many=True, read_only=True),
    }
    references = ("place",)

    class Meta:
        model = Media
        fields = [
            "id",
            "update",
            "kind",
            "caption",
            "credit_line",
            "credits",
            "place",
            "verification",
            "url",
            "position",
        ]


class ContributionSerializer(ExpandableSerializer):
    update = serializers.PrimaryKeyRelatedField(read_only=True)
    # One of the two is set: a person ("Andrew E. Kramer contributed reporting")
    # or an organization ("information was provided by Reuters").
    person = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the contributing person; null when an organization "
        "contributed.",
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the contributing organization; null when a person "
        "contributed.",
    )
    expandable = {
        "person": lambda: PersonSummarySerializer(read_only=True, allow_null=True),
        "organization": lambda: OrganizationSummarySerializer(
            read_only=True, allow_null=True
        ),
    }

    class Meta:
        model = Contribution
        fields = ["id", "update", "person", "organization", "role", "as_written"]


class UpdateSerializer(ExpandableSerializer):
    story = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    persons = LinkedSlugsField("person", source="person_mentions")
    organizations = LinkedSlugsField("organization", source="organization_mentions")
    places = LinkedSlugsField("place", source="place_mentions")
    quotes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    media = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    expandable = {
        "story": lambda: StorySummarySerializer(read_only=True),
        "persons": lambda: mention_serializer("person", PersonSummarySerializer)(
            source="person_mentions", many=True, read_only=True
        ),
        "organizations": lambda: mention_serializer(
            "organization", OrganizationSummarySerializer
        )(source="organization_mentions", many=True, read_only=True),
        "places": lambda: mention_serializer("place", PlaceSummarySerializer)(
            source="place_mentions", many=True, read_only=True
        ),
        "quotes": lambda: QuoteSerializer(many=True, read_only=True),
        "media": lambda: MediaSerializer(many=True, read_only=True),
    }

    class Meta:
        model = Update
        fields = [
            "id",
            "story",
            "published_at",
            "date_precision",
            "headline",
            "summary",
            "body",
            "topic",
            "language",
            "url",
            "persons",
            "organizations",
            "places",
            "quotes",
            "media",
        ]
