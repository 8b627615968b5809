"""User text as a picture or a text format can carry it.

Model names, verbose names, help texts and related names are the project's
text, and Django accepts any character in most of them. Tabs and line breaks
become spaces (a line break starts a new statement in DOT, Mermaid and
PlantUML); other control characters, lone surrogates and noncharacters are
dropped (XML forbids them, so an SVG holding one does not parse, and
Graphviz rejects the label), and so are bidirectional overrides and
isolates, which reorder what a reader sees. Each format then escapes the rest
in its own way.
"""

from __future__ import annotations

import re

_SPACES = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def visible_text(text: str) -> str:
    return _INVISIBLE.sub("", _SPACES.sub(" ", text))
