from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/erviz/", include("erviz.urls")),  # step 3
    path("admin/", admin.site.urls),
]
