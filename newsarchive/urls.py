from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from changes.api import ChangeFeedView
from dumps.api import ExportView
from items.api.urls import router as items_router
from newsarchive.health import healthz
from people.api.urls import router as people_router
from places.api.urls import router as places_router

# One API root listing every app's resources.
api = DefaultRouter()
for app_router in (items_router, people_router, places_router):
    api.registry.extend(app_router.registry)


def favicon(request):
    # Resolved per request: the static files' manifest exists only once collected.
    return HttpResponseRedirect(static("newsarchive/favicon.svg"))


handler404 = "newsarchive.exceptions.not_found"
handler500 = "newsarchive.exceptions.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/export/", ExportView.as_view(), name="export"),
    path("api/v1/changes/", ChangeFeedView.as_view(), name="changes"),
    path("api/v1/", include(api.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's setup served as a script file (?script), not inline: the
    # Content-Security-Policy allows no inline script without a nonce.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema"),
        name="api-docs",
    ),
    path("", RedirectView.as_view(url="/api/docs/", permanent=False)),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page that names no icon (the API's).
    path("favicon.ico", favicon),
]
