"""The page styles that recolour the inline diagram follow the palettes.

A page matches the light palette's colours to recolour its diagram for the
admin's theme, so a colour changed in theme.py without palette.css would
leave the page half themed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import erviz
from erviz.on_delete import ACTIONS
from erviz.render.theme import PALETTES, stylesheet

PALETTE_CSS = Path(erviz.__file__).parent / "static" / "erviz" / "palette.css"


def test_palette_css_is_written_from_the_tables():
    if os.environ.get("ERVIZ_RECORD_GOLDEN"):
        PALETTE_CSS.write_text(stylesheet())
    assert PALETTE_CSS.read_text() == stylesheet()


def test_every_colour_the_light_diagram_uses_is_restyled():
    css = PALETTE_CSS.read_text()
    light = PALETTES["light"]
    for colour in (light.node, light.text, light.muted, light.border, light.cluster):
        assert f'="{colour}"]' in css, colour
    for index, colour in enumerate(light.headers):
        assert f'[fill="{colour}"] {{ fill: var(--erviz-h{index}); }}' in css
    dark = re.search(r'html\[data-theme="dark"\] \{([^}]*)\}', css)
    assert dark and all(colour in dark.group(1) for colour in PALETTES["dark"].headers)


@pytest.mark.django_db
def test_each_on_delete_badge_on_a_page_has_its_colour(admin_client):
    css = PALETTE_CSS.read_text()
    page = admin_client.get("/admin/erviz/models/demo_models.Book/").content.decode()
    assert "erviz/palette.css" in page
    badges = set(re.findall(r'class="erviz-action erviz-action-([a-z_]+)"', page))
    assert badges  # the Book's panel names its relations' actions
    for name in badges:
        colour = ACTIONS[name.upper()].color
        assert f".erviz-action-{name} {{ background: {colour}; }}" in css


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_edge_colour_reads_on_both_themes():
    """Edges, legend samples and badges: 3:1 (WCAG's graphics threshold)
    on the light and the dark diagram."""
    from erviz.render import notation

    colours = {action.name: action.color for action in ACTIONS.values()}
    kinds = (
        notation.MANY_TO_MANY,
        notation.GENERIC,
        notation.INHERITANCE,
        notation.PROXY,
        notation.UNKNOWN,
    )
    colours.update({action.key: action.color for action in kinds})
    for palette in PALETTES.values():
        low = {
            name: round(contrast(colour, palette.background), 2)
            for name, colour in colours.items()
            if contrast(colour, palette.background) < 3
        }
        assert low == {}, palette.background


def test_every_legend_sample_looks_different():
    """Every on_delete action and relation kind has its own colour and line
    in the pictures and their legend: SET_NULL, SET_DEFAULT and SET(...)
    too, and the database's actions apart from Django's."""
    from erviz.render import notation

    samples = [
        *notation.ACTIONS.values(),
        notation.MANY_TO_MANY,
        notation.GENERIC,
        notation.INHERITANCE,
        notation.PROXY,
        notation.UNKNOWN,
    ]
    looks: dict[tuple[str, str], list[str]] = {}
    for action in samples:
        looks.setdefault((action.color, action.style), []).append(action.key)
    assert [keys for keys in looks.values() if len(keys) > 1] == []
