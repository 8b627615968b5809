from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from .library import views

urlpatterns = [
    path("admin/erviz/", include("erviz.urls")),
    path("admin/", admin.site.urls),
    *(path(f"{name}/", view, name=name) for name, view in views.VIEWS.items()),
]
if apps.is_installed("debug_toolbar"):
    urlpatterns.append(path("__debug__/", include("debug_toolbar.urls")))


def toolbar_asked(request: HttpRequest) -> bool:
    """The toolbar for a browser that asks for it, and its own requests."""
    return request.COOKIES.get("toolbar") == "on" or request.path.startswith(
        "/__debug__/"
    )
