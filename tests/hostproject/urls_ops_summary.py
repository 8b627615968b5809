"""The host project's own AdminSite, with erviz's delete summary."""

from django.urls import include, path

from tests.summary_sites import summarised

from .sites import ops_site

urlpatterns = [
    path("ops/erviz/", include("erviz.urls")),
    path("ops/", summarised(ops_site).urls),
]
