"""What ``erviz export`` draws: the models its options choose, and whether
a picture of them draws models or apps."""

from __future__ import annotations

from typing import Any, cast

from erviz.conf import get_config
from erviz.render import REGISTRY
from erviz.render.options import Level
from erviz.render.scene import readable_level
from erviz.schema import Schema
from erviz.schema.named_views import (
    UnknownView,
    excluded,
    expand,
    stale_entries,
    view_named,
)
from erviz.schema.select import SelectionError, neighbourhood, select

from . import Console
from .output import usage


def level(
    command: Console,
    schema: Schema,
    labels: frozenset[str],
    fmt: str,
    options: dict[str, Any],
) -> Level:
    if options["level"] != "auto":
        return cast(Level, options["level"])
    limit = get_config()["OVERVIEW_MAX_MODELS"]
    if REGISTRY[fmt].picture and readable_level(schema, labels, limit) == "apps":
        models = len(labels - {m.label for m in schema.models if m.auto_created})
        command.stderr.write(
            f"{models} models is more than a readable picture holds "
            f"(OVERVIEW_MAX_MODELS={limit}): drawing apps. Use --level models "
            "for every model, or --per-app for one picture per app."
        )
        return "apps"
    return "models"


def selection(
    schema: Schema, options: dict[str, Any], command: Console | None = None
) -> frozenset[str]:
    try:
        if options.get("view"):
            return view_selection(schema, options["view"], command)
        if options["model"]:
            return neighbourhood(
                schema, options["model"], options["depth"], options["direction"]
            )
        return select(
            schema,
            app_labels=options["app_labels"],
            include_models=_split(options["include_models"]),
            exclude_models=_split(options["exclude_models"]),
        )
    except SelectionError as error:
        raise usage(str(error)) from error


def view_selection(
    schema: Schema, name: str, command: Console | None
) -> frozenset[str]:
    """The models of the named view ``name``; its stale entries said on
    stderr (the rest is drawn), an unknown name exits 2 with the views."""
    try:
        view = view_named(name)
    except UnknownView as error:
        raise usage(f"erviz: {error}.") from error
    if command is not None:
        for entry in stale_entries(schema, view):
            command.stderr.write(
                f"warning: the view {name!r} names {entry!r}, which this project "
                "does not have (erviz.W030): drawn without it."
            )
    return expand(schema, view)


def view_left_out(schema: Schema, name: str) -> tuple[str, ...]:
    """What the view ``name`` excludes, never drawn (DiagramOptions.left_out)."""
    return tuple(sorted(excluded(schema, view_named(name))))


def _split(values: list[str]) -> list[str]:
    return [
        item.strip() for value in values for item in value.split(",") if item.strip()
    ]
