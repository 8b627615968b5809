"""The test project's URLs with its admin's delete pages summarised by
erviz, as a project that lists ``erviz.admin.apps.DeleteSummaryAdminConfig``
has them (``settings.ROOT_URLCONF = "tests.summary_urls"``)."""

from django.contrib import admin
from django.urls import include, path

from demo_models.urls import urlpatterns as demo_urlpatterns
from tests.summary_sites import summarised

urlpatterns = [
    *demo_urlpatterns[:2],  # the favicon and the home page
    path("admin/erviz/", include("erviz.urls")),
    path("admin/", summarised(admin.site).urls),
]
