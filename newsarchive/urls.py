from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "newsarchive curation"
admin.site.site_title = "newsarchive"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
