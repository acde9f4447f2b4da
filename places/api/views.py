from rest_framework import viewsets

from places.models import Place, attach_ancestors

from .filters import PlaceFilterSet
from .serializers import PlaceSerializer


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Place.objects.select_related("parent").prefetch_related("aliases")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id", "kind"]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_ancestors(page if page is not None else [])
        return page
