from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .views import Home


def no_favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


urlpatterns = [
    path("favicon.ico", no_favicon),
    path("", Home.as_view(), name="home"),
    path("admin/erviz/", include("erviz.urls")),
    path("admin/", admin.site.urls),
]
