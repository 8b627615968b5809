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
