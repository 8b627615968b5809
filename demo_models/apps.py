from __future__ import annotations

from django.apps import AppConfig


class DemoModelsConfig(AppConfig):
    name = "demo_models"
    verbose_name = "Bookstore demo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
