"""Mount with ``path("admin/erviz/", include("erviz.urls"))`` before the
admin's URLs. Every page goes through the admin site's ``admin_view``: staff
only, anonymous users are sent to the admin login and come back."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from .views import explorer
from .views.export import export

app_name = "erviz"

urlpatterns = [
    path("", admin.site.admin_view(explorer.overview), name="overview"),
    path("search/", admin.site.admin_view(explorer.search), name="search"),
    path("apps/<str:app_label>/", admin.site.admin_view(explorer.app_view), name="app"),
    path(
        "models/<str:label>/", admin.site.admin_view(explorer.model_view), name="model"
    ),
    path(
        "models/<str:label>/panel/",
        admin.site.admin_view(explorer.panel),
        name="panel",
    ),
    path(
        "models/<str:label>/cascade/",
        admin.site.admin_view(explorer.cascade_view),
        name="cascade",
    ),
    path(
        "models/<str:label>/rows/<str:pk>/delete-preview/",
        admin.site.admin_view(explorer.delete_preview),
        name="delete_preview",
    ),
    path("export/<str:fmt>/", admin.site.admin_view(export), name="export"),
]
