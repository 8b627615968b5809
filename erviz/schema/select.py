"""Choosing which part of the schema to show or export.

Model patterns mean what they mean to django-extensions' ``graph_models``
(``*`` wildcards on the model's class name, an include that matches wins over
an exclude), and may also be written as ``app_label.Model``. An exclude may
in addition name a whole app label or a db_table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from .model import App, ModelNode, Schema

Direction = Literal["in", "out", "both"]
DIRECTIONS: tuple[Direction, ...] = ("in", "out", "both")


#: The deepest neighbourhood anything asks for: the command's --depth and
#: the highest ERVIZ["MAX_DEPTH"] the pages may allow.
DEPTH_CEILING = 20


class SelectionError(ValueError):
    """A selection names something the project does not have."""


@dataclass(frozen=True)
class Pattern:
    text: str

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        return re.compile(
            "^" + ".*".join(re.escape(part) for part in self.text.split("*")) + "$"
        )

    def matches_model(self, model: ModelNode) -> bool:
        regex = self._regex
        return bool(regex.match(model.name) or regex.match(model.label))

    def excludes(self, model: ModelNode) -> bool:
        return self.matches_model(model) or self.text in (
            model.app_label,
            model.db_table,
        )


def select(
    schema: Schema,
    app_labels: Sequence[str] = (),
    include_models: Sequence[str] = (),
    exclude_models: Sequence[str] = (),
) -> frozenset[str]:
    """Labels of the models chosen by app labels and include/exclude patterns.

    No app labels means every app. Auto-created many-to-many tables follow the
    model that declares the relation. Unknown app labels and patterns that
    match no model raise :class:`SelectionError`.
    """
    unknown = sorted(set(app_labels) - set(schema.apps_by_label))
    if unknown:
        raise SelectionError(f"Unknown app label(s): {', '.join(unknown)}.")
    includes = [Pattern(text) for text in include_models]
    excludes = [Pattern(text) for text in exclude_models]
    _check_patterns_match(schema.models, includes, excludes)

    apps = set(app_labels) or set(schema.apps_by_label)
    chosen = {
        model.label
        for model in schema.models
        if not model.auto_created
        and model.app_label in apps
        and _use_model(model, includes, excludes)
    }
    for model in schema.models:
        if model.auto_created and model.auto_created_for:
            owner = schema.relations_by_id[model.auto_created_for].source
            if owner in chosen and not any(p.excludes(model) for p in excludes):
                chosen.add(model.label)
    return frozenset(chosen)


def _use_model(
    model: ModelNode, includes: Sequence[Pattern], excludes: Sequence[Pattern]
) -> bool:
    if any(pattern.matches_model(model) for pattern in includes):
        return True
    if any(pattern.excludes(model) for pattern in excludes):
        return False
    return not includes


def _check_patterns_match(
    models: Iterable[ModelNode],
    includes: Sequence[Pattern],
    excludes: Sequence[Pattern],
) -> None:
    models = tuple(models)
    unmatched = [
        p.text for p in includes if not any(p.matches_model(m) for m in models)
    ] + [p.text for p in excludes if not any(p.excludes(m) for m in models)]
    if unmatched:
        raise SelectionError(
            f"Pattern(s) matching no model: {', '.join(unmatched)}. "
            "Patterns use * wildcards on model names (Book*), labels "
            "(shop.Book) or, to exclude, app labels and db_table names."
        )


def neighbourhood(
    schema: Schema, label: str, depth: int = 1, direction: Direction = "both"
) -> frozenset[str]:
    """``label`` and every model within ``depth`` relations of it.

    ``out`` follows relations the way they point (source to target), ``in``
    against it, ``both`` either way. A many-to-many counts as one step.
    """
    if label not in schema.models_by_label:
        raise SelectionError(f"Unknown model: {label}.")
    if direction not in DIRECTIONS:
        raise SelectionError(f"Unknown direction {direction!r}: use in, out or both.")
    reached = {label}
    frontier = {label}
    for _ in range(depth):
        step: set[str] = set()
        for current in frontier:
            if direction in ("out", "both"):
                step.update(r.target for r in schema.outgoing(current) if r.target)
            if direction in ("in", "both"):
                step.update(r.source for r in schema.incoming(current))
        frontier = step - reached
        if not frontier:
            break
        reached |= frontier
    return frozenset(reached)


def subschema(schema: Schema, labels: Iterable[str]) -> Schema:
    """The models in ``labels`` and the relations they declare."""
    chosen = frozenset(labels)
    return replace(
        schema,
        apps=tuple(
            app._replace(models=tuple(m for m in app.models if m in chosen))
            for app in schema.apps
            if any(m in chosen for m in app.models)
        ),
        models=tuple(m for m in schema.models if m.label in chosen),
        relations=tuple(r for r in schema.relations if r.source in chosen),
        notes=tuple(n for n in schema.notes if n.source in chosen),
    )


def find_matches(schema: Schema, query: str, limit: int) -> list[ModelNode | App]:
    """The project's models and apps whose name, label, verbose name or table
    contains ``query`` (ignoring case): exact matches first, then prefixes,
    then the rest, each by label; at most ``limit``."""
    needle = query.lower()
    scored: list[tuple[int, str, ModelNode | App]] = []
    for model in schema.project_models:
        haystack = (
            model.name,
            model.label,
            model.verbose_name,
            model.verbose_name_plural,
            model.db_table,
        )
        rank = _rank(needle, haystack)
        if rank is not None:
            scored.append((rank, model.label, model))
    for app in schema.project_apps:
        rank = _rank(needle, (app.label, app.verbose_name))
        if rank is not None:
            scored.append((rank, app.label, app))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in scored[:limit]]


def _rank(needle: str, haystack: tuple[str, ...]) -> int | None:
    texts = [text.lower() for text in haystack]
    if needle in texts:
        return 0
    if any(text.startswith(needle) for text in texts):
        return 1
    if any(needle in text for text in texts):
        return 2
    return None
