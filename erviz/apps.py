from __future__ import annotations

from django.apps import AppConfig


class ErvizConfig(AppConfig):
    name = "erviz"
    verbose_name = "ER diagram"

    def ready(self) -> None:
        from django.core.signals import request_started

        from . import checks  # noqa: F401  (registers the system checks)
        from .admin import install_delete_summary

        request_started.connect(
            install_delete_summary, dispatch_uid="erviz.install_delete_summary"
        )
