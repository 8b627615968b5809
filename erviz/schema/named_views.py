"""Named views: saved selections of models, ``ERVIZ["VIEWS"]``.

    ERVIZ = {"VIEWS": {"billing": {
        "title": "Billing",
        "models": ["shop.*", "auth.User"],
        "depth": 1,
        "exclude": ["shop.AuditLog"],
    }}}

``models`` and ``exclude`` hold model labels (``auth.User``) or a whole app
(``shop.*``); ``depth`` (0 unless given) adds the models that many relations
away, both ways, as ``erviz export --model --depth`` does; ``exclude`` applies
last, so an excluded model is never drawn, not even as a neighbour. An entry
naming a model or an app the project does not have is *stale*: the rest of
the view is drawn, and ``erviz.W030`` and ``erviz lint``'s L010 say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..conf import get_config
from .model import Schema
from .select import neighbourhood

#: A view's name (``ERVIZ["VIEWS"]`` keys, ``?view=``, ``--view``).
VIEW_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: An entry of a view's ``models`` or ``exclude``: a label or ``app.*``.
VIEW_ENTRY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\.(\*|[A-Za-z_][A-Za-z0-9_]*)")


class UnknownView(LookupError):
    """A view name ``ERVIZ["VIEWS"]`` does not have; the message lists them."""


@dataclass(frozen=True)
class NamedView:
    name: str
    title: str
    models: tuple[str, ...]
    depth: int = 0
    exclude: tuple[str, ...] = ()

    @property
    def entries(self) -> tuple[str, ...]:
        return self.models + self.exclude


def configured_views(views: Mapping[str, Any] | None = None) -> dict[str, NamedView]:
    """The project's views (``ERVIZ["VIEWS"]``, checked by erviz.E005), by name."""
    raw = get_config()["VIEWS"] if views is None else views
    return {
        name: NamedView(
            name=name,
            title=str(spec.get("title") or name),
            models=tuple(spec.get("models") or ()),
            depth=int(spec.get("depth") or 0),
            exclude=tuple(spec.get("exclude") or ()),
        )
        for name, spec in sorted(raw.items())
    }


def view_named(name: str) -> NamedView:
    views = configured_views()
    if name not in views:
        known = ", ".join(views) or "none configured"
        raise UnknownView(f"unknown view {name!r} (views: {known})")
    return views[name]


def matching(schema: Schema, entry: str) -> frozenset[str]:
    """The models an entry names: a label (as ``apps.get_model()`` reads it,
    the model's name in any case) or every model of an app (``app.*``)."""
    app_label, _, name = entry.partition(".")
    if name == "*":
        app = schema.apps_by_label.get(app_label)
        return frozenset(app.models) if app else frozenset()
    model = schema.find_model(entry)
    if model is None or model.auto_created:
        return frozenset()
    return frozenset({model.label})


def stale_entries(schema: Schema, view: NamedView) -> list[str]:
    """The entries of ``view`` that name no model of ``schema``."""
    return [entry for entry in view.entries if not matching(schema, entry)]


def excluded(schema: Schema, view: NamedView) -> frozenset[str]:
    """The models ``view`` excludes: never drawn, not even as the small box
    at the other end of a relation of a model it draws."""
    return _union(matching(schema, entry) for entry in view.exclude)


def expand(schema: Schema, view: NamedView) -> frozenset[str]:
    """The models ``view`` draws: its models, their neighbours within its
    depth, minus its exclusions; with the link tables of the many-to-many
    relations between two models drawn."""
    chosen = _union(matching(schema, entry) for entry in view.models)
    if view.depth:
        chosen = _union(neighbourhood(schema, label, view.depth) for label in chosen)
    kept = {
        label
        for label in chosen - excluded(schema, view)
        if not schema.models_by_label[label].auto_created
    }
    for model in schema.models:
        if model.auto_created and model.auto_created_for:
            relation = schema.relations_by_id[model.auto_created_for]
            if relation.source in kept and relation.target in kept:
                kept.add(model.label)
    return frozenset(kept)


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    found: set[str] = set()
    for labels in sets:
        found |= labels
    return frozenset(found)
