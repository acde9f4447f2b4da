from django.db.models import Prefetch
from rest_framework import viewsets

from newsarchive.counting import CountMixin
from newsarchive.redirects import MergedRedirectMixin
from places.models import Place, PlaceAlias, attach_ancestors

from .filters import PlaceFilterSet
from .serializers import PlaceSerializer


class PlaceViewSet(MergedRedirectMixin, CountMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Place.objects.all()
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
    lookup_field = "slug"
    ordering = ("name", "id")
    ordering_fields = ["name", "slug", "id", "kind"]

    def get_queryset(self):
        user = self.request.user
        aliases = PlaceAlias.objects.visible_to(user)
        return (
            Place.objects.visible_to(user)
            .select_related("parent")
            .prefetch_related(Prefetch("aliases", queryset=aliases))
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_ancestors(page if page is not None else [])
        return page
