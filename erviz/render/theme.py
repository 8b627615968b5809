"""Colours of the light and dark diagrams (the admin's palettes)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from .options import Theme


@dataclass(frozen=True)
class Palette:
    background: str
    node: str
    text: str
    muted: str
    border: str
    cluster: str
    headers: tuple[str, ...]

    def header(self, app_label: str) -> str:
        """A stable colour per app, the same in every diagram."""
        return self.headers[zlib.crc32(app_label.encode()) % len(self.headers)]


PALETTES: dict[Theme, Palette] = {
    "light": Palette(
        background="#ffffff",
        node="#ffffff",
        text="#1f2328",
        muted="#6b7280",
        border="#9ca3af",
        cluster="#d0d7de",
        headers=("#cfe3ef", "#d9ead3", "#fce5cd", "#ead1dc", "#d9d2e9", "#fff2cc"),
    ),
    "dark": Palette(
        background="#121212",
        node="#1e1e1e",
        text="#eeeeee",
        muted="#a0a0a0",
        border="#5f6368",
        cluster="#3c4043",
        headers=("#264b5d", "#2e4d2f", "#5c4127", "#553344", "#40375c", "#5a4f1f"),
    ),
}


def stylesheet() -> str:
    """``static/erviz/palette.css``: the page styles that depend on these
    colours and on the on_delete actions' colours, written from the tables.

    A page draws the light diagram inline and recolours it for the admin's
    theme by matching the light palette's colours (Graphviz writes no class
    on a table cell), so those selectors must follow this table; a test
    compares the committed file with this function's output.
    """
    from ..on_delete import ACTIONS

    light, dark = PALETTES["light"], PALETTES["dark"]

    def headers(palette: Palette) -> str:
        return " ".join(f"--erviz-h{i}: {c};" for i, c in enumerate(palette.headers))

    lines = [
        "/* Written by erviz.render.theme.stylesheet() from the palettes and the",
        "   on_delete table: do not edit. Write it again with",
        "   ERVIZ_RECORD_GOLDEN=1 pytest tests/test_palette_css.py */",
        f':root, html[data-theme="light"] {{ {headers(light)} }}',
        "@media (prefers-color-scheme: dark) {",
        f"  :root {{ {headers(dark)} }}",
        "}",
        f'html[data-theme="dark"] {{ {headers(dark)} }}',
        "",
        "/* The SVG is drawn in the light palette; its colours follow the admin's. */",
        f'.erviz-diagram g.node path[fill="{light.node}"], '
        f'.erviz-diagram g.node polygon[fill="{light.node}"], '
        f'.erviz-diagram g.cluster > path[fill="{light.background}"] '
        "{ fill: var(--body-bg); }",
        f'.erviz-diagram text[fill="{light.text}"], .erviz-diagram text:not([fill]) '
        "{ fill: var(--body-fg); }",
        f'.erviz-diagram text[fill="{light.muted}"] '
        "{ fill: var(--body-quiet-color); }",
        f'.erviz-diagram [stroke="{light.border}"], '
        f'.erviz-diagram g.cluster [stroke="{light.cluster}"] '
        "{ stroke: var(--border-color); }",
        *(
            f'.erviz-diagram [fill="{colour}"] {{ fill: var(--erviz-h{i}); }}'
            for i, colour in enumerate(light.headers)
        ),
        ".erviz-diagram g.node:focus > g > a > path:first-of-type, "
        f'.erviz-diagram g.node.erviz-selected path[stroke="{light.border}"] '
        "{ stroke: var(--erviz-highlight); stroke-width: 3; }",
        "",
        "/* on_delete badges, in the colours of the diagram's edges. */",
        *(
            f".erviz-action-{name.lower()} {{ background: {action.color}; }}"
            for name, action in ACTIONS.items()
        ),
    ]
    return "\n".join(lines) + "\n"
