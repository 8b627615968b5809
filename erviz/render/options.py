"""What a diagram looks like, apart from which models it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Detail = Literal["all", "keys", "none"]
Layout = Literal["dot", "neato", "fdp", "sfdp"]
Theme = Literal["light", "dark"]
Level = Literal["models", "apps"]

DETAILS: tuple[Detail, ...] = ("all", "keys", "none")
LAYOUTS: tuple[Layout, ...] = ("dot", "neato", "fdp", "sfdp")
THEMES: tuple[Theme, ...] = ("light", "dark")
LEVELS: tuple[Level, ...] = ("models", "apps")


@dataclass(frozen=True)
class DiagramOptions:
    #: Which fields a model's box lists: every field, only keys and relation
    #: fields, or none (the model name alone).
    detail: Detail = "all"
    layout: Layout = "dot"
    theme: Theme = "light"
    #: PNG resolution; lowered when the image would exceed ``max_pixels``.
    dpi: int = 72
    #: The largest PNG rasterised, in pixels (ERVIZ["PNG_MAX_PIXELS"]): an
    #: option, so that it is part of every cache key.
    max_pixels: int = 16_000_000
    #: "apps" draws one node per app and aggregated links between apps.
    level: Level = "models"
    #: Give each source app its own copy of a target that this many edges
    #: from other apps reach (see scene.build_scene); None draws it once.
    hub_edges: int | None = None
    #: Links on nodes, for pages that work without JavaScript: templates in
    #: which "{label}" is a model label and "{app_label}" an app label.
    model_href: str | None = None
    app_href: str | None = None
    #: Models marked with what a delete does to them, as (label, mark, note):
    #: a mark of notation.MARKS outlines the box, the note is written under
    #: its name (the row counts of a delete preview).
    marks: tuple[tuple[str, str, str], ...] = ()
    #: Seconds the layout, label placement and drawing may take (None: no
    #: limit; ERVIZ["PICTURE_TIME_BUDGET"] on the pages).
    time_budget: float | None = None
    #: Text written in the middle of relations, as (relation id, text): the
    #: rows a delete preview reaches through each.
    edge_notes: tuple[tuple[str, str], ...] = ()
    #: An answer's picture (a path, a delete preview, a row's neighbours):
    #: the chosen models and the relations between them, without the small
    #: boxes of the other models their relations point to.
    answer: bool = False
    #: Relations (ids) drawn as gone, in the muted colour and dashed: those a
    #: migration state had and the models no longer have ("what changed
    #: since"); sorted.
    gone: tuple[str, ...] = ()
    #: Models a selection excluded (a named view's ``exclude``): never
    #: drawn, not even as the small box at a relation's other end; sorted,
    #: so that the options' repr (the cache key) is one per selection.
    left_out: tuple[str, ...] = ()
    #: For a narrow screen: laid out from top to bottom, without the legend
    #: (the page writes it beside the picture, where its text can wrap).
    narrow: bool = False
