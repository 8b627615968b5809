"""Diagrams embedded in documentation at build time (the Sphinx directive,
``erviz.sphinx``, and the MkDocs plugin, ``erviz.mkdocs``): drawn from the
project's models when the docs are built, so they cannot go stale.

Each is an inline, accessible SVG: no XML prolog, ``role="img"`` and a label
naming what it draws, its ids prefixed so that several diagrams on one page
stay valid HTML, and its models linked to their admin pages when the docs
are given the URL of erviz's pages. The drawing is cached by the schema
fingerprint (erviz's picture cache), so an unchanged schema is not drawn
again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .conf import get_config
from .picture_cache import cached_render
from .render.inline import inline_svg as svg_element
from .render.options import DETAILS, Detail, DiagramOptions
from .schema import get_schema
from .schema.named_views import (
    NamedView,
    UnknownView,
    excluded,
    expand,
    stale_entries,
    view_named,
)
from .schema.select import DEPTH_CEILING


class DiagramError(ValueError):
    """What a docs build reports for a diagram it cannot draw."""


@dataclass(frozen=True)
class Diagram:
    """What to draw: a named view, or models (labels or ``app.*``)."""

    view: str | None = None
    models: tuple[str, ...] = ()
    depth: int = 0
    detail: Detail = "keys"


def split_models(text: str | Sequence[str]) -> tuple[str, ...]:
    """Models written as a list, or as labels separated by spaces or commas."""
    items = [text] if isinstance(text, str) else list(text)
    return tuple(
        part for item in items for part in re.split(r"[\s,]+", str(item)) if part
    )


def inline_svg(diagram: Diagram, prefix: str, admin_url: str | None = None) -> str:
    """The diagram as inline SVG markup; :class:`DiagramError` says why
    there is none (an unknown view or model, a bad option)."""
    if diagram.detail not in DETAILS:
        raise DiagramError(
            f"detail must be one of {', '.join(DETAILS)}, not {diagram.detail!r}"
        )
    if not 0 <= diagram.depth <= DEPTH_CEILING:
        raise DiagramError(f"depth must be from 0 to {DEPTH_CEILING}")
    schema = get_schema()
    if diagram.view:
        if diagram.models:
            raise DiagramError("give a view or models, not both")
        try:
            view = view_named(diagram.view)
        except UnknownView as error:
            raise DiagramError(str(error)) from error
        title = view.title
    elif diagram.models:
        view = NamedView("", "", diagram.models, diagram.depth)
        unknown = stale_entries(schema, view)
        if unknown:
            raise DiagramError(f"unknown model {unknown[0]!r}")
        title = ", ".join(diagram.models)
    else:
        raise DiagramError("name a view, or models")
    labels = expand(schema, view)
    base = admin_url.rstrip("/") + "/" if admin_url else None
    options = DiagramOptions(
        detail=diagram.detail,
        left_out=tuple(sorted(excluded(schema, view))),
        model_href=f"{base}models/{{label}}/" if base else None,
        app_href=f"{base}apps/{{app_label}}/" if base else None,
        time_budget=get_config()["EXPORT_TIME_BUDGET"],
        max_pixels=get_config()["PNG_MAX_PIXELS"],
    )
    svg = cached_render(schema, labels, "svg", options).decode()
    return _inline(svg, prefix, f"ER diagram: {title}")


def _inline(svg: str, prefix: str, label: str) -> str:
    """``svg`` without its prolog, labelled, its ids prefixed, scaled down
    to the page's width (its viewBox keeps the proportions), its links not
    underlined by the page's styles."""
    svg = svg_element(svg, f"{prefix}-")
    opening = (
        f'<svg role="img" aria-label="{html.escape(label)}" id="{prefix}" '
        'style="max-width:100%;height:auto"'
    )
    svg = svg.replace("<svg", opening, 1)
    style = f"<style>#{prefix} a {{ text-decoration: none; }}</style>"
    head = svg.index(">") + 1
    return svg[:head] + style + svg[head:]
