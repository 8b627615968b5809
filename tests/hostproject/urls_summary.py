"""The host project with erviz's delete summary on its admin site."""

from django.contrib import admin
from django.urls import include, path

from tests.summary_sites import summarised

urlpatterns = [
    path("admin/erviz/", include("erviz.urls")),
    path("admin/", summarised(admin.site).urls),
]
