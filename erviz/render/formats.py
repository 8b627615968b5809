"""The export formats, one record each: how a format is named, written to a
file and served, and how it renders a scene and an app map. Adding a format
is one :func:`register` call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..schema.model import Schema
from . import dot, text
from .json_export import render_app_map_json, render_json
from .options import DiagramOptions
from .scene import AppMap, Scene


@dataclass(frozen=True)
class Format:
    name: str
    #: File extensions that mean this format; the first is the one written.
    extensions: tuple[str, ...]
    content_type: str
    #: Bytes that are no text (written to a terminal only with -o FILE).
    binary: bool
    #: Laid out as a picture, which too many models make unreadable.
    picture: bool
    #: The models and their relations drawn (None: ``schema`` below).
    scene: Callable[[Scene, DiagramOptions], bytes] | None
    app_map: Callable[[AppMap, DiagramOptions], bytes]
    #: The chosen part of the schema itself, for data formats (JSON).
    schema: Callable[[Schema], bytes] | None = None

    @property
    def checkable(self) -> bool:
        """``export --check`` compares it line by line."""
        return not self.picture


REGISTRY: dict[str, Format] = {}


def register(format: Format) -> Format:
    REGISTRY[format.name] = format
    return format


def format_for_extension(extension: str) -> Format | None:
    return next(
        (f for f in REGISTRY.values() if extension.lower() in f.extensions), None
    )


def _drawn(name: str, content_type: str, *, binary: bool) -> Format:
    """A picture Graphviz lays out and draws as ``name``."""
    return register(
        Format(
            name,
            (name,),
            content_type,
            binary=binary,
            picture=True,
            scene=lambda scene, options: dot.draw(scene, name, options),
            app_map=lambda app_map, options: dot.draw_app_map(app_map, name, options),
        )
    )


_drawn("svg", "image/svg+xml", binary=False)
_drawn("png", "image/png", binary=True)
_drawn("pdf", "application/pdf", binary=True)
register(
    Format(
        "dot",
        ("dot", "gv"),
        "text/vnd.graphviz; charset=utf-8",
        binary=False,
        picture=False,
        scene=lambda scene, options: dot.graph_text(dot.build_graph(scene, options)),
        app_map=lambda app_map, options: dot.graph_text(
            dot.build_app_map_graph(app_map, options)
        ),
    )
)
register(
    Format(
        "json",
        ("json",),
        "application/json",
        binary=False,
        picture=False,
        scene=None,
        app_map=lambda app_map, options: render_app_map_json(app_map),
        schema=render_json,
    )
)


def _text_format(
    name: str,
    extensions: tuple[str, ...],
    scene: Callable[[Scene, DiagramOptions], bytes],
    app_map: Callable[[AppMap], bytes],
) -> Format:
    """A diagram as text another tool draws (the app map has no options)."""
    return Format(
        name,
        extensions,
        "text/plain; charset=utf-8",
        binary=False,
        picture=False,
        scene=scene,
        app_map=lambda apps, options: app_map(apps),
    )


register(
    _text_format(
        "mermaid", ("mmd", "mermaid"), text.render_mermaid, text.render_app_map_mermaid
    )
)
register(
    _text_format(
        "plantuml",
        ("puml", "plantuml"),
        text.render_plantuml,
        text.render_app_map_plantuml,
    )
)
