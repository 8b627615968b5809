from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "tests.history.archive"
    label = "archive"
