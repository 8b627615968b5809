from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "tests.walks.library"
    label = "library"
