from __future__ import annotations

from django.apps import AppConfig


class ErvizConfig(AppConfig):
    name = "erviz"
    verbose_name = "ER diagram"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
