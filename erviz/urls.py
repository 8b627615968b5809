"""Mount with ``path("admin/erviz/", include("erviz.urls"))`` before the
admin's URLs. Every page is a page of the admin site (see ``site.py``): staff
only, anonymous users are sent to the admin login and come back."""

from __future__ import annotations

from django.urls import path

from .site import staff_view
from .views import explorer, history
from .views.export import export
from .views.preview_page import delete_preview
from .views.related_rows import related_rows_view

app_name = "erviz"

urlpatterns = [
    path("", staff_view(explorer.overview), name="overview"),
    path("search/", staff_view(explorer.search), name="search"),
    path("apps/<str:app_label>/", staff_view(explorer.app_view), name="app"),
    path("models/<str:label>/", staff_view(explorer.model_view), name="model"),
    path("models/<str:label>/panel/", staff_view(explorer.panel), name="panel"),
    path(
        "models/<str:label>/relations/<str:field>/",
        staff_view(explorer.relation_panel),
        name="relation",
    ),
    path("models/<str:label>/path/", staff_view(explorer.path_view), name="path"),
    path(
        "models/<str:label>/path/<str:to>/",
        staff_view(explorer.path_view),
        name="path_to",
    ),
    path(
        "models/<str:label>/cascade/", staff_view(explorer.cascade_view), name="cascade"
    ),
    path(
        "models/<str:label>/changes/", staff_view(history.changes_view), name="changes"
    ),
    path(
        "models/<str:label>/rows/<str:pk>/delete-preview/",
        staff_view(delete_preview),
        name="delete_preview",
    ),
    path(
        "models/<str:label>/rows/<str:pk>/",
        staff_view(related_rows_view),
        name="related_rows",
    ),
    path("export/<str:fmt>/", staff_view(export), name="export"),
]
