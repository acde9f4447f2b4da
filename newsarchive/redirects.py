"""A merged-away record's API detail: 301 to the record it was merged into."""

from django.http import Http404
from django.urls import reverse
from rest_framework import status
from rest_framework.response import Response

from .merging import merged_slug


class MergedRedirectMixin:
    """For a ViewSet looked up by slug: the old slug of a merged duplicate
    answers 301 Moved Permanently to the kept record's detail, query string
    and all, so links and scripts that hold the old slug keep working."""

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            slug = kwargs[self.lookup_field]
            kept = merged_slug(self.get_queryset().model, slug)
            if kept is None or not self.get_queryset().filter(slug=kept).exists():
                raise  # never merged, or merged into what this client cannot see
        location = reverse(f"{self.basename}-detail", kwargs={"slug": kept})
        query = request.META.get("QUERY_STRING", "")
        url = request.build_absolute_uri(location + (f"?{query}" if query else ""))
        return Response(
            {"detail": f"Merged into {kept!r}.", "url": url},
            status=status.HTTP_301_MOVED_PERMANENTLY,
            headers={"Location": url},
        )
