"""A MkDocs plugin: ER diagrams drawn from the project's models at build
time, so they cannot go stale.

    # mkdocs.yml (DJANGO_SETTINGS_MODULE set: the plugin sets Django up)
    plugins:
      - erviz:
          admin_url: https://example.com/admin/erviz/  # optional: links

    ```erviz
    view: billing
    ```

    ```erviz
    models: [shop.Order, shop.Customer]   # or "shop.Order shop.Customer"
    depth: 1
    detail: keys
    ```

A fenced block ``erviz`` whose body is YAML becomes the diagram's inline
SVG. A block erviz cannot draw (an unknown view or model, YAML that is not
a mapping) stops the build with ``PluginError``: the page and the reason.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

#: A fenced block "erviz" (backticks or tildes, three or more).
_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*erviz[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)


class ErvizConfig(Config):
    admin_url = config_options.Optional(config_options.Type(str))


class ErvizPlugin(BasePlugin[ErvizConfig]):
    def on_config(self, config: Any) -> Any:
        from django.apps import apps

        if not apps.ready:
            import django

            django.setup()  # from DJANGO_SETTINGS_MODULE
        return config

    def on_page_markdown(
        self, markdown: str, page: Any, config: Any, files: Any
    ) -> str:
        from .embedded import Diagram, DiagramError, inline_svg, split_models

        path = page.file.src_uri
        count = 0

        def draw(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            try:
                spec = yaml.safe_load(match.group("body")) or {}
            except yaml.YAMLError as error:
                raise PluginError(
                    f"{path}: erviz: the block is not YAML: {error}"
                ) from None
            if not isinstance(spec, dict) or set(spec) - {
                "view",
                "models",
                "depth",
                "detail",
            }:
                raise PluginError(
                    f"{path}: erviz: the block must hold view, or models and "
                    "depth, and detail"
                )
            diagram = Diagram(
                view=str(spec["view"]) if spec.get("view") else None,
                models=split_models(spec.get("models") or ()),
                depth=spec.get("depth", 0)
                if isinstance(spec.get("depth", 0), int)
                else -1,
                detail=spec.get("detail", "keys"),
            )
            prefix = "erviz-" + re.sub(r"[^A-Za-z0-9_-]", "-", path) + f"-{count}"
            try:
                svg = inline_svg(diagram, prefix, self.config.admin_url)
            except DiagramError as error:
                raise PluginError(f"{path}: erviz: {error}") from None
            return f'<div class="erviz-diagram" markdown="0">{svg}</div>'

        return _BLOCK.sub(draw, markdown)
