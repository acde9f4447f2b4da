from django.db.models import Prefetch
from rest_framework import viewsets

from newsarchive.records import is_curator
from places.models import Place, PlaceAlias, attach_ancestors

from .filters import PlaceFilterSet
from .serializers import PlaceSerializer


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    # Aliases are prefetched by get_queryset, which knows who is asking.
    queryset = Place.objects.select_related("parent")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id", "kind"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if is_curator(self.request.user):
            return queryset.prefetch_related("aliases")
        # Importer proposals stay hidden until a curator confirms them.
        return queryset.filter(is_confirmed=True).prefetch_related(
            Prefetch("aliases", queryset=PlaceAlias.objects.filter(is_confirmed=True))
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_ancestors(page if page is not None else [])
        return page
