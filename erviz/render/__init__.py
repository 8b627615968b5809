"""Turning a schema, or a part of it, into bytes, in any registered format
(:mod:`erviz.render.formats`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..schema.model import Schema
from ..schema.select import subschema
from .formats import REGISTRY, Format, format_for_extension, register
from .options import DiagramOptions
from .scene import build_app_map, build_scene

#: The built-in formats' names; REGISTRY holds every registered one.
FORMATS = tuple(REGISTRY)

__all__ = [
    "FORMATS",
    "REGISTRY",
    "Format",
    "format_for_extension",
    "register",
    "render",
]


def render(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> bytes:
    """The models ``labels`` of ``schema`` as ``fmt`` bytes."""
    labels = frozenset(labels)
    format = REGISTRY.get(fmt)
    if format is None:
        raise ValueError(f"Unknown format {fmt!r}")
    if options.level == "apps":
        return format.app_map(build_app_map(schema, labels), options)
    if format.schema is not None:
        return format.schema(subschema(schema, labels))
    assert format.scene is not None
    return format.scene(
        build_scene(
            schema, labels, options.hub_edges, options.answer, options.left_out
        ),
        options,
    )
