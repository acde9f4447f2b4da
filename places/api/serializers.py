from rest_framework import serializers

from newsarchive.public import shown
from newsarchive.serializers import ExpandableSerializer
from places.models import Place


class PlaceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["slug", "name", "kind"]


class PlaceSerializer(ExpandableSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    ancestors = serializers.SerializerMethodField(
        help_text="Slugs of the places this one lies in, nearest first."
    )
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other names."
    )
    expandable = {
        "parent": lambda: PlaceSummarySerializer(read_only=True, allow_null=True)
    }
    references = ("parent",)

    class Meta:
        model = Place
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "ancestors",
            "aliases",
            "country_code",
            "latitude",
            "longitude",
            "iso_code",
            "geonames_id",
            "wikidata_id",
        ]

    def get_ancestors(self, place) -> list[str]:
        user = self.context["request"].user
        return [a.slug for a in place.ancestors() if shown(a, user) is not None]
