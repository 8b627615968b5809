"""Lookup paths: the chains of relations that join two models, as a
developer types them (a filter lookup from either end, an attribute chain,
select_related or prefetch_related).

A hop follows a relation forward (its field) or backward (its reverse query
name, the name Django's lookups use; a reverse side hidden with a
``related_name`` ending in "+" has none and is not a hop). Paths are simple
(no model twice) and found shortest first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .model import Relation, Schema

#: The most hops ``find_paths`` follows (the command's --max-hops ceiling).
MAX_HOPS_CEILING = 8
#: Partial paths kept per level: a hub-rich project (every model points at
#: the user model) would otherwise grow the search by its fan-out per hop.
FRONTIER_LIMIT = 50_000
#: Models so many relations point at that a path through them joins rows
#: that have little to do with each other.
HUBS = frozenset({"contenttypes.ContentType"})


@dataclass(frozen=True)
class Hop:
    relation: Relation
    #: "forward" (from the field's model) or "reverse" (to it).
    direction: str

    @property
    def start(self) -> str:
        relation = self.relation
        return relation.source if self.direction == "forward" else relation.target or ""

    @property
    def end(self) -> str:
        relation = self.relation
        return relation.target or "" if self.direction == "forward" else relation.source

    @property
    def lookup(self) -> str:
        """The name this hop has in a filter lookup from its start."""
        if self.direction == "forward":
            return self.relation.field
        return self.relation.reverse_query_name or ""

    @property
    def back(self) -> str | None:
        """The name of the same hop walked the other way, if it has one."""
        if self.direction == "forward":
            return self.relation.reverse_query_name
        return self.relation.field

    @property
    def attribute(self) -> str | None:
        """The attribute a row of the start model reaches it by."""
        if self.direction == "forward":
            return self.relation.field
        if self.relation.reverse_accessor_installed:
            return self.relation.reverse_accessor
        return None

    @property
    def many(self) -> bool:
        """Whether one start row reaches many rows through this hop."""
        kind = self.relation.kind
        if self.direction == "forward":
            return kind in ("many_to_many", "generic_relation")
        return self.relation.reverse_many

    def document(self) -> dict[str, Any]:
        return {
            "relation": self.relation.id,
            "direction": self.direction,
            "many": self.many,
        }


@dataclass(frozen=True)
class LookupPath:
    start: str
    hops: tuple[Hop, ...]

    @property
    def end(self) -> str:
        return self.hops[-1].end

    @property
    def lookup(self) -> str:
        return "__".join(hop.lookup for hop in self.hops)

    @property
    def reverse_lookup(self) -> str | None:
        names = [hop.back for hop in reversed(self.hops)]
        return (
            None
            if any(name is None for name in names)
            else "__".join(name for name in names if name)
        )

    @property
    def fans_out(self) -> bool:
        return any(hop.many for hop in self.hops)

    @property
    def through_hub(self) -> list[str]:
        return [hop.end for hop in self.hops[:-1] if hop.end in HUBS]

    def attribute(self, variable: str) -> str | None:
        """``order.basket.owner`` when every hop is single-valued; else the
        chain up to the first many-valued hop, as a manager
        (``user.baskets.all()``, then "…" where hops follow)."""
        parts = [variable]
        for index, hop in enumerate(self.hops):
            if hop.attribute is None:
                return None
            parts.append(hop.attribute)
            if hop.many:
                rest = " …" if index < len(self.hops) - 1 else ""
                return ".".join(parts) + ".all()" + rest
        return ".".join(parts)

    @property
    def select_related(self) -> str | None:
        """Where every hop is a forward single-valued relation."""
        if all(hop.direction == "forward" and not hop.many for hop in self.hops):
            return self.lookup
        return None

    @property
    def prefetch_related(self) -> str | None:
        if self.select_related is not None:
            return None
        if any(hop.attribute is None for hop in self.hops):
            return None  # a hop with no descriptor cannot be prefetched
        return "__".join(hop.attribute or "" for hop in self.hops)

    def document(self, variable: str) -> dict[str, Any]:
        return {
            "hops": [hop.document() for hop in self.hops],
            "lookup": self.lookup,
            "reverse_lookup": self.reverse_lookup,
            "attribute": self.attribute(variable),
            "select_related": self.select_related,
            "prefetch_related": self.prefetch_related,
            "fans_out": self.fans_out,
            "through_hubs": self.through_hub,
        }


def hops_from(schema: Schema, label: str) -> Iterator[Hop]:
    """Every hop a lookup can take from ``label``'s rows."""
    for relation in schema.outgoing(label):
        if relation.target and relation.kind != "other":
            yield Hop(relation, "forward")
    for relation in schema.incoming(label):
        if relation.reverse_query_name and relation.kind != "other":
            yield Hop(relation, "reverse")


def find_paths(
    schema: Schema, start: str, end: str, max_hops: int = 4, limit: int = 5
) -> list[LookupPath]:
    """The ``limit`` shortest simple paths from ``start`` to ``end``, of at
    most ``max_hops`` hops, shortest first, then by their lookups."""
    found: list[LookupPath] = []
    frontier: list[tuple[Hop, ...]] = [()]
    for _depth in range(max_hops):
        grown: list[tuple[Hop, ...]] = []
        for path in frontier:
            here = path[-1].end if path else start
            seen = {start, *(hop.end for hop in path)}
            for hop in hops_from(schema, here):
                if hop.end == end:
                    found.append(LookupPath(start, (*path, hop)))
                elif hop.end not in seen and not _auto_created(schema, hop.end):
                    grown.append((*path, hop))
        if len(found) >= limit:
            break
        frontier = grown[:FRONTIER_LIMIT]
    found.sort(key=lambda path: (len(path.hops), path.fans_out, path.lookup))
    return found[:limit]


def _auto_created(schema: Schema, label: str) -> bool:
    """Auto-created link tables are crossed as a many-to-many hop, never
    walked into."""
    model = schema.models_by_label.get(label)
    return model is None or model.auto_created
