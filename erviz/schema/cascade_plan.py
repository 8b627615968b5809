"""The schema-level cascade: the tree of models one deleted row reaches.

It follows ``django.db.models.deletion.Collector``'s rules, read from the
schema alone (no database): CASCADE recurses; SET_NULL, SET_DEFAULT and
SET(...) update; PROTECT and RESTRICT block (RESTRICT only where the
restricting rows are not themselves deleted by another CASCADE path);
DO_NOTHING leaves references dangling; Django 6.1's DB_* actions are done by
the database, outside the Collector. Auto-created many-to-many rows are
deleted with either side, generic relations cascade, and a multi-table child
takes its parent rows with it. A model met again on its own path is marked as
a cycle instead of followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..on_delete import ACTIONS, NONE, Effect
from .model import Relation, Schema

#: Effects whose rows are gone, and whose own relations therefore apply.
_RECURSING = frozenset({"root", "deleted", "deleted_by_database", "parent"})


@dataclass
class CascadeNode:
    model: str
    effect: Effect
    #: The relation that leads here (None for the root and parent rows).
    relation: Relation | None = None
    children: list[CascadeNode] = field(default_factory=list)
    #: The model is already on this path: its relations are not followed again.
    cycle: bool = False
    #: The model was expanded earlier in the tree: see there.
    seen: bool = False
    #: For RESTRICT: the restricting model is also deleted by a CASCADE path,
    #: so Django lets the delete through.
    allowed: bool = False

    def walk(self) -> list[CascadeNode]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


@dataclass(frozen=True)
class CascadePlan:
    root: CascadeNode

    @property
    def nodes(self) -> list[CascadeNode]:
        return self.root.walk()

    @property
    def reached(self) -> frozenset[str]:
        """Every model the delete touches, the root included."""
        return frozenset(n.model for n in self.nodes)

    @property
    def apps(self) -> frozenset[str]:
        return frozenset(label.split(".")[0] for label in self.reached)

    @property
    def blockers(self) -> list[CascadeNode]:
        """PROTECT edges, and RESTRICT edges no CASCADE path lets through."""
        return [
            n
            for n in self.nodes
            if n.effect == "protected" or (n.effect == "restricted" and not n.allowed)
        ]

    @property
    def deleted_models(self) -> frozenset[str]:
        return frozenset(
            n.model
            for n in self.nodes
            if n.effect in ("root", "deleted", "parent", "links")
        )


def plan_cascade(schema: Schema, label: str) -> CascadePlan:
    """The tree of what deleting one ``label`` row does."""
    root = CascadeNode(label, "root")
    expanded: set[str] = set()
    _expand(schema, root, path=(label,), expanded=expanded)
    plan = CascadePlan(root)
    deleted = plan.deleted_models
    for node in plan.nodes:
        if node.effect == "restricted" and node.model in deleted:
            node.allowed = True
    return plan


def _expand(
    schema: Schema, node: CascadeNode, path: tuple[str, ...], expanded: set[str]
) -> None:
    if node.model in expanded:
        node.seen = True
        return
    expanded.add(node.model)
    targets = schema.same_table(node.model)
    # A proxy's rows are its concrete model's, with that model's relations.
    concrete = schema.models_by_label[node.model].concrete_model
    children: list[CascadeNode] = []
    # Multi-table inheritance: the parent rows go with the child's.
    for relation in schema.outgoing(concrete):
        if relation.parent_link and relation.target and relation.target not in path:
            children.append(CascadeNode(relation.target, "parent", relation))
    for target in sorted(targets):
        for relation in schema.incoming(target):
            if relation.kind == "many_to_many":
                # Declared here too (self-referential): added as outgoing below.
                if relation.through_auto and relation.source not in targets:
                    children.append(
                        CascadeNode(relation.through or "", "links", relation)
                    )
                continue
            if relation.kind in ("generic_foreign_key", "generic_relation", "other"):
                continue  # generic rows are followed below; Django skips "other"
            if schema.models_by_label[relation.source].auto_created:
                continue  # link rows: counted once, above
            if relation.parent_link and relation.source in path:
                continue  # the child row this parent row is deleted with
            effect = ACTIONS[relation.on_delete or NONE.name].effect
            children.append(CascadeNode(relation.source, effect, relation))
    for relation in schema.outgoing(concrete):
        if (
            relation.kind == "many_to_many"
            and relation.through_auto
            and relation.through
        ):
            children.append(CascadeNode(relation.through, "links", relation))
        if relation.kind == "generic_relation" and relation.target:
            children.append(CascadeNode(relation.target, "deleted", relation))
    for child in children:
        if child.effect in _RECURSING:
            if child.model in path:
                child.cycle = True
            else:
                _expand(schema, child, (*path, child.model), expanded)
    node.children = children
