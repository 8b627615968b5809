"""What a diagram shows: the nodes, stubs and edges for a set of models.

Every format (Graphviz, Mermaid, PlantUML) draws the same scene, so a change
of what is shown is made once, here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..schema.model import Field, ModelNode, Relation, Schema
from .options import Detail

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
class Scene:
    #: Models drawn in full, in label order.
    models: tuple[ModelNode, ...]
    #: Models outside the selection that an edge reaches: drawn small.
    stubs: tuple[ModelNode, ...]
    #: Relations drawn as edges: every relation declared by a drawn model
    #: that has a target, except multi-table parent links (drawn as
    #: inheritance). Auto-created many-to-many tables are not nodes: their
    #: relation is one edge.
    edges: tuple[Relation, ...]
    inheritance: tuple[Inheritance, ...]

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(m.label for m in (*self.models, *self.stubs))

    @property
    def app_labels(self) -> tuple[str, ...]:
        return tuple(sorted({m.app_label for m in self.models}))


def build_scene(schema: Schema, labels: Iterable[str]) -> Scene:
    chosen = frozenset(labels)
    models = tuple(m for m in schema.models if m.label in chosen and not m.auto_created)
    drawn = {m.label for m in models}
    edges = tuple(
        r
        for r in schema.relations
        if r.source in drawn and r.target is not None and not r.parent_link
    )
    inheritance = tuple(
        sorted(
            [
                Inheritance(r.source, r.target, "multi_table")
                for r in schema.relations
                if r.source in drawn and r.parent_link and r.target
            ]
            + [
                Inheritance(m.label, m.proxy_for, "proxy")
                for m in models
                if m.proxy_for
            ],
            key=lambda i: i.id,
        )
    )
    reached = {r.target for r in edges if r.target} | {i.parent for i in inheritance}
    stubs = tuple(schema.models_by_label[label] for label in sorted(reached - drawn))
    return Scene(models=models, stubs=stubs, edges=edges, inheritance=inheritance)


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
        return f"{relation.reverse_query_name} (lookups only)"
    return "+ (hidden)"
