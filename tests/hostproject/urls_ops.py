"""The host project served from its own AdminSite only (no admin.site)."""

from django.urls import include, path

from .sites import ops_site

urlpatterns = [
    path("ops/erviz/", include("erviz.urls")),
    path("ops/", ops_site.urls),
]
