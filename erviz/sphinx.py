"""A Sphinx extension: ER diagrams drawn from the project's models at build
time, so they cannot go stale.

    # conf.py (DJANGO_SETTINGS_MODULE set: the extension sets Django up)
    extensions = ["erviz.sphinx"]
    erviz_admin_url = "https://example.com/admin/erviz/"  # optional: links

    .. erviz:: billing

    .. erviz::
       :models: shop.Order shop.Customer
       :depth: 1
       :detail: keys

A view (``ERVIZ["VIEWS"]``) or models (labels or ``app.*``, separated by
spaces or commas) with their neighbours within ``:depth:`` and the fields
``:detail:`` shows (all, keys, none). An unknown view or model is an error
of the directive's line (``docs/x.rst:12: ERROR: erviz: unknown view
'billing' (views: a, b)``), and the build exits 1 even without ``-W``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


def _detail(argument: str | None) -> str:
    return str(directives.choice(argument or "", ("all", "keys", "none")))


class ErvizDirective(SphinxDirective):
    optional_arguments = 1
    has_content = False
    option_spec = {
        "models": directives.unchanged_required,
        "depth": directives.nonnegative_int,
        "detail": _detail,
    }

    def run(self) -> list[nodes.Node]:
        from .embedded import Diagram, DiagramError, inline_svg, split_models

        diagram = Diagram(
            view=self.arguments[0] if self.arguments else None,
            models=split_models(self.options.get("models", "")),
            depth=self.options.get("depth", 0),
            detail=self.options.get("detail", "keys"),
        )
        number = self.env.new_serialno("erviz")
        prefix = f"erviz-{self.env.docname.replace('/', '-')}-{number}"
        try:
            svg = inline_svg(diagram, prefix, self.config.erviz_admin_url)
        except DiagramError as error:
            logger.error("erviz: %s", error, location=self.get_location())
            _failed(self.env)
            return []
        return [nodes.raw("", f'<div class="erviz-diagram">{svg}</div>', format="html")]


def _failed(env: Any) -> None:
    env.erviz_errors = getattr(env, "erviz_errors", 0) + 1


def _reset(app: Any) -> None:
    app.env.erviz_errors = 0


def _merge(app: Any, env: Any, docnames: Any, other: Any) -> None:
    """A parallel build's failures, counted in the main process."""
    env.erviz_errors = getattr(env, "erviz_errors", 0) + getattr(
        other, "erviz_errors", 0
    )


def _status(app: Any, exception: Exception | None) -> None:
    """A diagram that could not be drawn fails the build (exit status 1),
    with or without -W."""
    failed: int = getattr(app.env, "erviz_errors", 0)
    if exception is None and failed:
        app.statuscode = 1


def setup(app: Any) -> dict[str, Any]:
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()  # from DJANGO_SETTINGS_MODULE
    from . import __version__

    app.add_config_value("erviz_admin_url", None, "env")
    app.add_directive("erviz", ErvizDirective)
    app.connect("builder-inited", _reset)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _status)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
