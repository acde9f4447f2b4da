from rest_framework import serializers

from newsarchive.serializers import ExpandableSerializer
from people.models import Affiliation, Organization, Person
from places.api.serializers import PlaceSummarySerializer


class PersonSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name"]


class OrganizationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "kind"]


class RoleSerializer(serializers.ModelSerializer):
    """An affiliation as seen from its person."""

    organization = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    jurisdiction = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Affiliation
        fields = [
            "id",
            "title",
            "organization",
            "jurisdiction",
            "started_on",
            "ended_on",
            "date_precision",
        ]


class PersonSerializer(ExpandableSerializer):
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other names."
    )
    affiliations = RoleSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "description",
            "wikidata_id",
            "aliases",
            "affiliations",
        ]


class OrganizationSerializer(ExpandableSerializer):
    country = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    based_in = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other names."
    )
    expandable = {
        "country": lambda: PlaceSummarySerializer(read_only=True, allow_null=True),
        "based_in": lambda: PlaceSummarySerializer(read_only=True, allow_null=True),
        "parent": lambda: OrganizationSummarySerializer(
            read_only=True, allow_null=True
        ),
    }
    references = ("country", "based_in", "parent")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "based_in",
            "parent",
            "description",
            "wikidata_id",
            "aliases",
        ]


class AffiliationSerializer(ExpandableSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    jurisdiction = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    source = serializers.SerializerMethodField(
        help_text="Id of the update that states this role, when it is public."
    )
    expandable = {
        "person": lambda: PersonSummarySerializer(read_only=True),
        "organization": lambda: OrganizationSummarySerializer(
            read_only=True, allow_null=True
        ),
        "jurisdiction": lambda: PlaceSummarySerializer(read_only=True, allow_null=True),
    }

    class Meta:
        model = Affiliation
        fields = [
            "id",
            "person",
            "title",
            "organization",
            "jurisdiction",
            "started_on",
            "ended_on",
            "date_precision",
            "source",
        ]

    def get_source(self, affiliation) -> int | None:
        # The view annotates whether the source update may be shown to this client.
        return (
            affiliation.source_id
            if getattr(affiliation, "source_visible", False)
            else None
        )
