"""An SVG drawing made an element of an HTML page (the explorer's pictures,
the debug-toolbar panel, diagrams in docs)."""

from __future__ import annotations


def inline_svg(data: bytes | str, prefix: str = "") -> str:
    """The ``<svg>`` element alone, without the XML declaration and doctype;
    with ``prefix``, its ids and the references to them prefixed, so that
    several drawings can share one page."""
    text = data.decode() if isinstance(data, bytes) else data
    svg = text[text.index("<svg") :]
    if prefix:
        svg = svg.replace(' id="', f' id="{prefix}').replace(
            'href="#', f'href="#{prefix}'
        )
    return svg
