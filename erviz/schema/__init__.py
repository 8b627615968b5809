"""The schema graph: what erviz knows about the project's models."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from .introspect import build_schema
from .migration_state import MigrationStateError, migration_names, schema_at
from .model import App, Field, Fields, ModelNode, Relation, Schema

__all__ = [
    "App",
    "Field",
    "Fields",
    "MigrationStateError",
    "ModelNode",
    "Relation",
    "Schema",
    "build_schema",
    "get_migration_names",
    "get_schema",
    "get_schema_at",
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


def get_schema_at(target: str) -> Schema:
    """The schema after ``migrate`` to ``target`` (``"app.migration"``),
    from the migration files (:mod:`.migration_state`), in the active
    language. Migration files do not change while a process runs either;
    a few states are kept (each costs a read of every migration file), and
    :class:`MigrationStateError` says why a target has none."""
    return _schema_at_in(translation.get_language(), target)


@lru_cache(maxsize=8)
def _schema_at_in(language: str | None, target: str) -> Schema:
    return schema_at([target])


@cache
def get_migration_names() -> dict[str, tuple[str, ...]]:
    """Each migrated app's migrations, in order (read once per process)."""
    return migration_names()


@receiver(setting_changed)
def _reset(**kwargs: Any) -> None:
    """Tests that change settings get a fresh schema."""
    _schema_in.cache_clear()
    _schema_at_in.cache_clear()
    get_migration_names.cache_clear()
