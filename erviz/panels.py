"""A django-debug-toolbar panel: the relations the request walked, on the
diagram, with their queries, the N+1s marked and their fix beside them.

    DEBUG_TOOLBAR_PANELS = [
        *debug_toolbar.settings.PANELS_DEFAULTS,
        "erviz.panels.RelationWalkPanel",
    ]

This module imports django-debug-toolbar (an optional dependency): only a
project that lists the panel imports it, and nothing else of erviz does.
"""

from __future__ import annotations

from typing import Any

from debug_toolbar.panels import Panel
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .conf import get_config
from .picture_cache import cached_picture
from .queries import Watched, watch
from .queries.report import advise, walk_document
from .render.inline import inline_svg
from .render.options import DiagramOptions
from .schema import get_schema


class RelationWalkPanel(Panel):
    title = _("Relations walked")
    nav_title = _("Relations")
    template = "erviz/debug_toolbar_panel.html"

    @property
    def nav_subtitle(self) -> str:
        stats = self.get_stats()
        if not stats:
            return ""
        count = stats["n_plus_ones"]
        walks = len(stats["walks"])
        return ngettext(
            "%(walks)d walked, %(count)d N+1", "%(walks)d walked, %(count)d N+1s", count
        ) % {"walks": walks, "count": count}

    def process_request(self, request: HttpRequest) -> HttpResponse:
        with watch() as watched:
            response = super().process_request(request)
        self._watched = watched
        return response

    def generate_stats(self, request: HttpRequest, response: HttpResponse) -> None:
        watched: Watched | None = getattr(self, "_watched", None)
        if watched is None:
            return
        total = watched.count
        walks = watched.walks()
        rows = []
        for walk in walks:
            row = walk_document(walk)
            row["fix"] = advise(walk.advice, total) if walk.advice else None
            rows.append(row)
        self.record_stats(
            {
                "queries": total,
                "walks": rows,
                "n_plus_ones": sum(
                    1 for w in walks if w.n_plus_one or w.defeated_prefetch
                ),
                "unused": [
                    {"method": u.method, "lookup": u.lookup, "on": u.on}
                    for u in (watched.unused() if watched.reads_watched else [])
                ],
                "svg": _picture(rows),
            }
        )


def _picture(rows: list[dict[str, Any]]) -> str | None:
    """The models of the walked relations, each relation labelled with its
    queries ("N+1" where it is one), within the picture budget."""
    schema = get_schema()
    notes: dict[str, list[str]] = {}
    labels: set[str] = set()
    for row in rows:
        relation = schema.relations_by_id.get(row["relation"])
        if relation is None:
            continue
        labels.update(m for m in (relation.source, relation.target) if m)
        text = ngettext("%(count)d query", "%(count)d queries", row["queries"]) % {
            "count": row["queries"]
        }
        if row["n_plus_one"] or row["defeated_prefetch"]:
            text += " · N+1"
        notes.setdefault(relation.id, []).append(text)
    if not labels:
        return None
    options = DiagramOptions(
        detail="none",
        answer=True,
        edge_notes=tuple(
            (key, ", ".join(texts)) for key, texts in sorted(notes.items())
        ),
        marks=tuple(
            (row["origin"], "endpoint", "")
            for row in rows
            if row["advice"] and row["origin"] in labels
        ),
        time_budget=get_config()["PICTURE_TIME_BUDGET"],
    )
    drawn = cached_picture(schema, frozenset(labels), options)
    if drawn.data is None:
        return None
    # Inline beside the toolbar's own markup: no prolog, ids of its own.
    return inline_svg(drawn.data, "erviz-walks-")
