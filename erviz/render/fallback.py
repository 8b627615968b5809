"""Pictures on a budget: the simpler picture drawn when the asked one would
not be laid out in time.

Graphviz's time grows faster than the picture (about the 1.85th power of its
nodes and edges here: 0.23 s for 300, 4 s for 1,150, 12 s for 2,000), so the
level is chosen before the layout from the scene's size, and a layout that
overruns all the same falls to the next level. The levels, each simpler than
the one before:

``trimmed``
    the subject (a page's model) and the models most connected to it, or the
    most connected models of the selection, as many as fit;
``apps``
    the map of the selection's apps (the most linked ones, as many as fit;
    fewer apps where the map was asked).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from ..schema.model import Schema
from .options import DiagramOptions
from .scene import build_app_map, build_scene

Level = Literal["full", "trimmed", "apps"]
#: Why a page shows a simpler picture than asked: the estimate said the asked
#: one would overrun, or its layout overran or crashed.
Reason = Literal["size", "timeout", "crash", "error"]

#: Seconds of a layout of ``n`` nodes and edges: ``SCALE * n ** POWER``
#: (measured with dot on generated models, label placement included); the
#: app map's (fdp, with a label on every link) about three times as much.
SCALE = 9e-6
APP_MAP_SCALE = 2.5e-5
POWER = 1.85
#: The share of the budget the estimate may fill (the rest is the margin
#: for a slower machine and a busier moment).
SHARE = 0.6


def estimated_seconds(nodes: int, edges: int, scale: float | None = None) -> float:
    """Seconds a layout of ``nodes`` and ``edges`` takes (``SCALE`` unless
    told otherwise, read when called)."""
    return float((SCALE if scale is None else scale) * (nodes + edges) ** POWER)


@dataclass(frozen=True)
class Attempt:
    """One picture to try: its models, its options, what it leaves out."""

    labels: frozenset[str]
    options: DiagramOptions
    level: Level
    #: Models of the asked picture this one does not draw in full.
    left_out: int
    seconds: float


@dataclass(frozen=True)
class Picture:
    data: bytes | None
    level: Level = "full"
    #: None when the asked picture was drawn.
    reason: Reason | None = None
    left_out: int = 0
    #: Models the asked picture had.
    asked: int = 0


def attempts(
    schema: Schema,
    labels: frozenset[str],
    options: DiagramOptions,
    subject: str | None = None,
) -> Iterator[Attempt]:
    """The asked picture, then the simpler ones, each estimated; a caller
    draws the first that fits its budget and falls to the next on failure."""
    drawn = drawn_models(schema, labels)
    yield Attempt(labels, options, "full", 0, _seconds(schema, labels, options))
    budget = options.time_budget
    if budget is None:
        return
    limit = budget * SHARE
    ranked = _ranked(schema, drawn, subject) if options.level != "apps" else []
    count = len(ranked)
    while count > 2:
        count = count * 2 // 3
        kept = frozenset(ranked[:count])
        seconds = _seconds(schema, kept, options)
        if seconds <= limit:
            yield Attempt(kept, options, "trimmed", len(drawn) - count, seconds)
            break
    apps = replace(options, level="apps")
    app_of = {label: schema.models_by_label[label].app_label for label in drawn}
    app_counts = Counter(app_of.values())
    ranked_apps = _ranked_apps(schema, app_of)
    kept_apps = len(ranked_apps)
    if options.level == "apps":  # the whole map was asked: fewer apps
        kept_apps = kept_apps * 2 // 3
    while kept_apps >= 1:
        shown_apps = set(ranked_apps[:kept_apps])
        chosen = frozenset(label for label in drawn if app_of[label] in shown_apps)
        seconds = _seconds(schema, chosen, apps)
        if seconds <= limit or kept_apps == 1:
            left_out = sum(app_counts[app] for app in ranked_apps[kept_apps:])
            yield Attempt(chosen, apps, "apps", left_out, seconds)
            return
        kept_apps = kept_apps * 2 // 3


def drawn_models(schema: Schema, labels: frozenset[str]) -> list[str]:
    """The selection's models drawn as boxes (not the link tables), in
    label order: what a picture's "of N models" counts."""
    return sorted(
        label for label in labels if not schema.models_by_label[label].auto_created
    )


def _seconds(schema: Schema, labels: frozenset[str], options: DiagramOptions) -> float:
    if options.level == "apps":
        app_map = build_app_map(schema, labels)
        return estimated_seconds(len(app_map.apps), len(app_map.links), APP_MAP_SCALE)
    scene = build_scene(
        schema, labels, options.hub_edges, options.answer, options.left_out
    )
    nodes = len(scene.models) + len(scene.stubs) + 1  # the legend
    return estimated_seconds(nodes, len(scene.edges) + len(scene.inheritance))


def _ranked(schema: Schema, drawn: list[str], subject: str | None) -> list[str]:
    """The subject first, then its direct neighbours, then the rest, each
    group with the models of the most relations inside the selection first."""
    inside = set(drawn)
    degree: Counter[str] = Counter()
    near: set[str] = set()
    for relation in schema.relations:
        if relation.source in inside and relation.target in inside:
            degree[relation.source] += 1
            degree[relation.target or ""] += 1
            if subject in (relation.source, relation.target):
                near.update((relation.source, relation.target or ""))
    return sorted(
        drawn,
        key=lambda label: (label != subject, label not in near, -degree[label], label),
    )


def _ranked_apps(schema: Schema, app_of: dict[str, str]) -> list[str]:
    """The apps of ``app_of`` (drawn model -> its app), the most linked to
    the others first."""
    links: Counter[str] = Counter({app: 0 for app in app_of.values()})
    for relation in schema.relations:
        source, target = app_of.get(relation.source), app_of.get(relation.target or "")
        if source and target and source != target:
            links[source] += 1
            links[target] += 1
    return sorted(links, key=lambda app: (-links[app], app))
