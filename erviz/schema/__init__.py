"""The schema graph: what erviz knows about the project's models."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver

from .introspect import build_schema
from .model import App, Field, Fields, ModelNode, Relation, Schema

__all__ = [
    "App",
    "Field",
    "Fields",
    "ModelNode",
    "Relation",
    "Schema",
    "build_schema",
    "get_schema",
]


@cache
def get_schema() -> Schema:
    """The project's schema, built once per process: models do not change
    while a process runs (tests that change settings get a fresh one)."""
    return build_schema()


@receiver(setting_changed)
def _reset(**kwargs: Any) -> None:
    get_schema.cache_clear()
