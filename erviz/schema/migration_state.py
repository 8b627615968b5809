"""The schema as it stands at a migration, read from the migration files
alone (no database): ``erviz export --at APP.MIGRATION`` and ``erviz diff
--old-at``.

Each target is resolved as ``manage.py migrate APP MIGRATION`` resolves it
(a unique prefix of a migration's name, ``zero``, squashed and replaced
migrations as Django's loader has them), and planned as that command would
plan it on a fully migrated database: the app's later migrations, and every
migration of another app that depends on them, unapplied. Several targets
are several runs of ``migrate``, in order. The models are then Django's own
migration state (``ProjectState.apps``), quirks included; apps without
migrations are drawn from their models. What migrations do not record
(GenericForeignKey, GenericRelation) is absent, and ``SchemaState`` says so.
"""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter
from typing import Any

from django.apps import apps as global_apps
from django.db.migrations.exceptions import AmbiguityError
from django.db.migrations.executor import MigrationExecutor

from .introspect import build_schema
from .model import App, Schema, SchemaState


class MigrationStateError(Exception):
    """A target migrate would refuse, or a state Django cannot build; the
    message is Django's own where it has one."""


def schema_at(targets: list[str]) -> Schema:
    """The project's schema after ``migrate`` to each of ``targets``
    (``"app_label.migration"``), in order, from a fully migrated state."""
    executor = MigrationExecutor(None)  # reads the files; no database
    loader = executor.loader
    # A fully migrated database: every migration applied, the ones a
    # squashed migration replaces too (as the recorder has them).
    applied: dict[Any, None] = dict.fromkeys(loader.graph.nodes)
    for squashed in loader.replacements.values():
        applied.update(dict.fromkeys(squashed.replaces))
    resolved: list[str] = []
    for target in targets:
        key, name = _resolve(loader, target)
        loader.applied_migrations = dict(applied)
        for migration, backwards in executor.migration_plan([key]):
            # A squashed migration stands for those it replaces.
            steps: list[tuple[str, ...]] = [(migration.app_label, migration.name)]
            steps += [tuple(replaced) for replaced in migration.replaces or ()]
            for step in steps:
                if backwards:
                    applied.pop(step, None)
                else:
                    applied[step] = None
        resolved.append(f"{key[0]}.{name}")
    nodes = [node for node in applied if node in loader.graph.nodes]
    state = loader.graph.make_state(
        nodes=nodes, at_end=True, real_apps=loader.unmigrated_apps
    )
    try:
        registry = state.apps
    except (ValueError, LookupError) as error:
        raise MigrationStateError(str(error)) from error
    schema = build_schema(registry)
    # An installed app whose migrations are all unapplied is still an app
    # (with no models), as ``migrate APP zero`` leaves it.
    present = {app.label for app in schema.apps}
    empty = tuple(
        App(config.label, config.name, str(config.verbose_name), ())
        for config in global_apps.get_app_configs()
        if config.label not in present
    )
    return replace(
        schema,
        apps=tuple(sorted(schema.apps + empty, key=attrgetter("label"))),
        state=SchemaState("migrations", tuple(resolved)),
    )


def migration_names() -> dict[str, tuple[str, ...]]:
    """Each migrated app's migrations as ``migrate`` may target them (the
    graph's nodes: a squashed migration where the loader uses it), in the
    order they apply."""
    graph = MigrationExecutor(None).loader.graph
    names: dict[str, list[str]] = {}
    for leaf in graph.leaf_nodes():
        for app_label, name in graph.forwards_plan(leaf):
            if app_label == leaf[0] and name not in names.setdefault(app_label, []):
                names[app_label].append(name)
    return {app: tuple(names[app]) for app in sorted(names)}


def _resolve(loader: Any, target: str) -> tuple[tuple[str, str | None], str]:
    """The graph key ``migrate APP MIGRATION`` would migrate to, and the
    name the state lists (the migration's full name, or "zero")."""
    app_label, dot, prefix = target.partition(".")
    if not dot or not app_label or not prefix:
        raise MigrationStateError(
            f"{target!r}: give APP_LABEL.MIGRATION (a migration's name, a "
            "unique prefix of it, or zero)."
        )
    try:
        global_apps.get_app_config(app_label)
    except LookupError as error:
        raise MigrationStateError(str(error)) from error
    if app_label not in loader.migrated_apps:
        raise MigrationStateError(f"App '{app_label}' does not have migrations.")
    if prefix == "zero":
        return (app_label, None), "zero"
    try:
        migration = loader.get_migration_by_prefix(app_label, prefix)
    except AmbiguityError as error:
        raise MigrationStateError(
            f"More than one migration matches '{prefix}' in app '{app_label}'. "
            "Please be more specific."
        ) from error
    except KeyError as error:
        raise MigrationStateError(
            f"Cannot find a migration matching '{prefix}' from app '{app_label}'."
        ) from error
    key = (app_label, migration.name)
    # As migrate does: a squashed migration only partly applied is not in
    # the graph; its last replaced migration stands for it.
    if key not in loader.graph.nodes and key in loader.replacements:
        key = tuple(loader.replacements[key].replaces[-1])
    return key, migration.name
