"""What a diagram shows: the nodes, stubs and edges for a set of models.

Every format (Graphviz, Mermaid, PlantUML) draws the same scene, so a change
of what is shown is made once, here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

from ..schema.model import App, Field, ModelNode, Relation, Schema
from . import notation
from .options import Detail, Level

InheritanceKind = Literal["multi_table", "proxy"]


@dataclass(frozen=True)
class Inheritance:
    child: str
    parent: str
    kind: InheritanceKind

    @property
    def id(self) -> str:
        return f"{self.child}>{self.parent}"


@dataclass(frozen=True)
class Stub:
    """A small box for a model drawn elsewhere or outside the selection."""

    #: The graph node's name: the model label, or ``label@app_label`` for
    #: the copy of a hub drawn in one source app's cluster.
    key: str
    model: ModelNode
    #: The app whose cluster a hub copy stands in (None for plain stubs).
    beside: str | None = None


@dataclass(frozen=True)
class Scene:
    #: Models drawn in full, in label order.
    models: tuple[ModelNode, ...]
    stubs: tuple[Stub, ...]
    #: Relations drawn as edges: every relation declared by a drawn model
    #: that has a target, except multi-table parent links (drawn as
    #: inheritance). Auto-created many-to-many tables are not nodes: their
    #: relation is one edge.
    edges: tuple[Relation, ...]
    inheritance: tuple[Inheritance, ...]
    #: Relation id -> node key, for edges that end at a hub copy.
    heads: Mapping[str, str] = field(default_factory=dict)

    def legend(self) -> list[notation.Action]:
        """The legend's entries: the notations this scene uses, then its
        kinds of dashed box (style "box")."""
        copies = {stub.beside is not None for stub in self.stubs}
        return [
            *notation.legend_actions(
                self.edges, [inheritance.kind for inheritance in self.inheritance]
            ),
            *([notation.ELSEWHERE] if False in copies else []),
            *([notation.HUB_COPY] if True in copies else []),
        ]

    def head(self, relation: Relation) -> str:
        """The node an edge ends at."""
        return self.heads.get(relation.id, relation.target or "")

    @property
    def app_labels(self) -> tuple[str, ...]:
        return tuple(sorted({m.app_label for m in self.models}))


def build_scene(
    schema: Schema,
    labels: Iterable[str],
    hub_edges: int | None = None,
    answer: bool = False,
    left_out: tuple[str, ...] = (),
) -> Scene:
    """The scene of the models ``labels``; with ``answer``, their relations
    to each other only (``DiagramOptions.answer``); the models of
    ``left_out`` never drawn (``DiagramOptions.left_out``).

    With ``hub_edges``, a target that at least that many edges reach from
    other apps (the user model, ContentType...) is not drawn once with edges
    from all over the picture: each source app gets its own small copy of
    it, so every edge stays short. The panel still lists every relation.
    """
    chosen = frozenset(labels)
    models = tuple(m for m in schema.models if m.label in chosen and not m.auto_created)
    drawn = {m.label for m in models}
    # A schema read from a partial export has relations to models it does
    # not hold: those are not drawn (there is nothing to draw them to).
    known: set[str] = drawn if answer else set(schema.models_by_label) - set(left_out)
    edges = tuple(
        r
        for r in schema.relations
        if r.source in drawn and r.target in known and not r.parent_link
    )
    inheritance = tuple(
        sorted(
            [
                Inheritance(r.source, r.target, "multi_table")
                for r in schema.relations
                if r.source in drawn and r.parent_link and r.target in known
            ]
            + [
                Inheritance(m.label, m.proxy_for, "proxy")
                for m in models
                if m.proxy_for in known
            ],
            key=lambda i: i.id,
        )
    )
    stubbed = frozenset() if answer else _stubbed(edges, hub_edges)
    # One copy of a hub per source app: each app's edges to it stay short,
    # and the picture holds as many copies as apps, not as source models.
    heads = {
        r.id: f"{r.target}@{_app(r.source)}"
        for r in edges
        if r.target in stubbed and _app(r.source) != _app(r.target)
    }
    reached = {r.target for r in edges if r.target and r.id not in heads}
    reached |= {i.parent for i in inheritance}
    stubs = [
        Stub(label, schema.models_by_label[label]) for label in sorted(reached - drawn)
    ]
    stubs += [
        Stub(key, schema.models_by_label[key.split("@")[0]], beside=key.split("@")[1])
        for key in sorted(set(heads.values()))
    ]
    return Scene(
        models=models,
        stubs=tuple(stubs),
        edges=edges,
        inheritance=inheritance,
        heads=heads,
    )


def _app(label: str | None) -> str:
    return (label or "").split(".")[0]


def _stubbed(edges: tuple[Relation, ...], threshold: int | None) -> frozenset[str]:
    """The targets this picture draws as a small copy in each source app:
    those ``threshold`` (HUB_EDGES) edges of the picture reach from other
    apps. A rule of drawing, counted in the picture; what the project's hubs
    are is :mod:`erviz.schema.hubs`."""
    if threshold is None:
        return frozenset()
    crossing = Counter(r.target for r in edges if _app(r.source) != _app(r.target))
    return frozenset(
        label for label, count in crossing.items() if label and count >= threshold
    )


def shown_fields(model: ModelNode, detail: Detail) -> tuple[Field, ...]:
    """The fields a model's box lists at the chosen detail.

    A box shows the model's own table: a proxy lists nothing (its fields are
    its concrete model's) and a multi-table child only the fields it declares.
    """
    if detail == "none" or model.proxy:
        return ()
    own = tuple(f for f in model.fields if f.declared_on == model.label)
    if detail == "keys":
        return tuple(f for f in own if f.primary_key or f.is_relation)
    return own


def reverse_label(relation: Relation) -> str:
    """What the target model's end of an edge says you can type."""
    if relation.reverse_accessor and relation.reverse_accessor_installed:
        return relation.reverse_accessor
    if relation.reverse_query_name:
        # Django knows the reverse for lookups but put no attribute there
        # (hidden with a related_query_name, or a manager such as taggit's).
        return _("%(name)s (lookups only)") % {"name": relation.reverse_query_name}
    if relation.kind == "other":
        return _("? (unknown relation)")
    return _("+ (hidden)")


@dataclass(frozen=True)
class AppLink:
    source: str
    target: str
    relations: int


@dataclass(frozen=True)
class AppMap:
    """A project too large to read model by model: apps and their links."""

    apps: tuple[App, ...]
    links: tuple[AppLink, ...]


def readable_level(schema: Schema, labels: Iterable[str], limit: int) -> Level:
    """How a picture of ``labels`` stays readable: every model up to
    ``limit`` models (ERVIZ["OVERVIEW_MAX_MODELS"]), a map of apps above."""
    models = sum(
        1 for label in labels if not schema.models_by_label[label].auto_created
    )
    return "apps" if models > limit else "models"


def build_app_map(schema: Schema, labels: Iterable[str]) -> AppMap:
    chosen = frozenset(labels)
    # Each box counts the app's models that are chosen, as every other
    # count does (Schema.project_apps): auto-created link tables are not.
    in_view = (
        app._replace(models=tuple(m for m in app.models if m in chosen))
        for app in schema.project_apps
    )
    apps = tuple(app for app in in_view if app.models)
    shown = {app.label for app in apps}
    counts = Counter(
        (_app(r.source), _app(r.target))
        for r in schema.relations
        if r.source in chosen
        and r.target
        and _app(r.target) in shown
        and _app(r.source) != _app(r.target)
    )
    links = tuple(
        AppLink(source, target, count)
        for (source, target), count in sorted(counts.items())
    )
    return AppMap(apps=apps, links=links)
