"""The schema graph: what erviz knows about the project's models."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

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


def get_schema() -> Schema:
    """The project's schema in the active language.

    Models do not change while a process runs, so it is built once per
    process, but once per language: verbose names and help texts are
    translatable (lazy), and a schema built while one request was German
    must not name models in German to the next, English, one. The languages
    are the project's (``LANGUAGES``), so the cache is bounded.
    """
    return _schema_in(translation.get_language())


@cache
def _schema_in(language: str | None) -> Schema:
    return build_schema()


@receiver(setting_changed)
def _reset(**kwargs: Any) -> None:
    """Tests that change settings get a fresh schema."""
    _schema_in.cache_clear()
