"""Turning a schema, or a part of it, into bytes: one code path per format."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..schema.model import Schema
from ..schema.select import subschema
from . import dot, text
from .json_export import render_app_map_json, render_json
from .options import DiagramOptions
from .scene import AppMap, build_app_map, build_scene

FORMATS = ("svg", "png", "pdf", "dot", "json", "mermaid", "plantuml")
BINARY_FORMATS = frozenset({"png", "pdf"})
#: File extensions and the format each one means.
EXTENSIONS = {
    "svg": "svg",
    "png": "png",
    "pdf": "pdf",
    "dot": "dot",
    "gv": "dot",
    "json": "json",
    "mmd": "mermaid",
    "mermaid": "mermaid",
    "puml": "plantuml",
    "plantuml": "plantuml",
}
CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "json": "application/json",
    "mermaid": "text/plain; charset=utf-8",
    "plantuml": "text/plain; charset=utf-8",
}


def render(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> bytes:
    """The models ``labels`` of ``schema`` as ``fmt`` bytes."""
    labels = frozenset(labels)
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    if options.level == "apps":
        return _render_app_map(build_app_map(schema, labels), fmt, options)
    if fmt == "json":
        return render_json(subschema(schema, labels))
    scene = build_scene(schema, labels, options.hub_edges)
    text_renderers: dict[str, Callable[..., bytes]] = {
        "mermaid": text.render_mermaid,
        "plantuml": text.render_plantuml,
    }
    if fmt in text_renderers:
        return text_renderers[fmt](scene, options)
    if fmt == "dot":
        return dot.build_graph(scene, options).string().encode()
    return dot.draw(scene, fmt, options)


def _render_app_map(app_map: AppMap, fmt: str, options: DiagramOptions) -> bytes:
    if fmt == "json":
        return render_app_map_json(app_map)
    if fmt == "mermaid":
        return text.render_app_map_mermaid(app_map)
    if fmt == "plantuml":
        return text.render_app_map_plantuml(app_map)
    if fmt == "dot":
        return dot.build_app_map_graph(app_map, options).string().encode()
    return dot.draw_app_map(app_map, fmt, options)
