from django.urls import include, path

urlpatterns = [path("panel/erviz/", include("erviz.urls"))]
