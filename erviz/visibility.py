"""Which models a user sees: ``ERVIZ["SCHEMA_VISIBILITY"]``.

``"permitted"`` (the default): the models the user may view or change in
the admin (the ModelAdmin's own rule, as the admin's links use), superusers
every model. A model outside that set is left out of every page and
download, with the relations to it: the user's schema is the project's
schema cut down to their models (:func:`visible_schema`), so diagrams,
search, panels, exports and every count read only what they may see, and
rendered bytes are cached per visible set (the cut schema has its own
fingerprint), never per user. ``"staff"``: every staff user sees every
model, as admindocs does.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from .access import may_view, staff_user
from .conf import get_config
from .schema import Schema, get_schema, get_schema_at

VISIBILITIES = ("permitted", "staff")


def visible_schema(request: HttpRequest, at: str | None = None) -> Schema:
    """The project's schema as ``request.user`` may see it; with ``at``,
    the schema after ``migrate`` to that migration (``"app.migration"``,
    :func:`erviz.schema.get_schema_at`, which may raise
    ``MigrationStateError``). A model of that state the project no longer
    has is seen only by those who see every model (superusers, or every
    staff user under "staff")."""
    schema = _schema(at)
    user = staff_user(request)
    if get_config()["SCHEMA_VISIBILITY"] == "staff" or (
        user is not None and getattr(user, "is_superuser", False)
    ):
        return schema
    visible = frozenset(
        model.label for model in schema.project_models if may_view(request, model.label)
    )
    if len(visible) == len(schema.project_models):
        return schema
    return _cut_for(translation.get_language(), at, visible)


def _schema(at: str | None) -> Schema:
    return get_schema() if at is None else get_schema_at(at)


@lru_cache(maxsize=64)
def _cut_for(language: str | None, at: str | None, visible: frozenset[str]) -> Schema:
    """The project's schema (in ``language``, at ``at``) cut to
    ``visible``: most projects have a handful of distinct permission sets,
    each cut once per schema."""
    return _cut(_schema(at), visible)


@receiver(setting_changed)
def _reset(**kwargs: Any) -> None:
    """A new schema (see :func:`erviz.schema.get_schema`) gets new cuts."""
    _cut_for.cache_clear()


def _cut(schema: Schema, visible: frozenset[str]) -> Schema:
    """``schema`` with only the ``visible`` models (and the link tables
    between two of them), the relations among them and their notes."""
    relations = tuple(
        relation
        for relation in schema.relations
        if relation.source in visible
        and (relation.target is None or relation.target in visible)
    )
    kept_relations = {relation.id for relation in relations}
    labels = visible | {
        model.label
        for model in schema.models
        if model.auto_created and model.auto_created_for in kept_relations
    }
    return replace(
        schema,
        apps=tuple(
            app._replace(models=tuple(m for m in app.models if m in labels))
            for app in schema.apps
        ),
        models=tuple(model for model in schema.models if model.label in labels),
        relations=relations,
        notes=tuple(note for note in schema.notes if note.source in visible),
        hidden_models=len(schema.project_models) - len(visible),
    )
