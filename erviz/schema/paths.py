"""Lookup paths: the chains of relations that join two models, as a
developer types them (a filter lookup from either end, an attribute chain,
select_related or prefetch_related).

A hop follows a relation forward (its field) or backward (its reverse query
name, the name Django's lookups use; a reverse side hidden with a
``related_name`` ending in "+" has none and is not a hop). Paths are simple
(no model twice) and found shortest first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from .hubs import hubs
from .model import ModelNode, Relation, Schema

#: The most hops ``find_paths`` follows (the command's --max-hops ceiling).
MAX_HOPS_CEILING = 8
#: Paths of one length the search lists before it stops: past it, a
#: hub-rich project has more equally short paths than anyone reads.
ENUMERATION_LIMIT = 10_000


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
    #: The project's hubs (:mod:`erviz.schema.hubs`): a path through one
    #: joins rows that have little to do with each other.
    hubs: frozenset[str] = frozenset()

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
        return [hop.end for hop in self.hops[:-1] if hop.end in self.hubs]

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


@dataclass(frozen=True)
class PathSearch:
    """The paths found, shortest first, and whether the search saw every
    path it had to (False: it stopped at its deadline or at
    :data:`ENUMERATION_LIMIT`, and shows the best it had)."""

    paths: list[LookupPath]
    complete: bool = True


def paths_document(
    search: PathSearch, start: ModelNode, end: ModelNode
) -> dict[str, Any]:
    """``erviz path --format json``'s document of a search's paths."""
    return {
        "from": start.label,
        "to": end.label,
        "paths": [path.document(start.model_name) for path in search.paths],
    }


def find_paths(
    schema: Schema,
    start: str,
    end: str,
    max_hops: int = 4,
    limit: int = 5,
    deadline: float | None = None,
) -> PathSearch:
    """The ``limit`` shortest simple paths from ``start`` to ``end``, of at
    most ``max_hops`` hops, shortest first, then those that do not fan out,
    then by their lookups.

    The distance of every model to ``end`` comes first (one breadth-first
    walk back from it), so the enumeration of each length follows only the
    hops that can still reach ``end`` in the hops left: a path exists within
    ``max_hops`` exactly when one is found, however many partial paths the
    project's hubs make. Past ``deadline`` (a ``time.monotonic()`` value) or
    :data:`ENUMERATION_LIMIT` paths of one length, the search stops and says
    so."""
    distance = _distances_to(schema, end, max_hops)
    shortest = distance.get(start)
    found: list[LookupPath] = []
    complete = True
    if shortest is not None:
        for length in range(max(shortest, 1), max_hops + 1):
            if deadline is not None and time.monotonic() > deadline:
                complete = False
                break
            walk = _Walk(schema, start, end, length, distance, deadline)
            walk.extend(start, (), {start})
            found.extend(walk.found)
            if walk.stopped:
                complete = False
                break
            if len(found) >= limit:
                break
    found.sort(key=lambda path: (len(path.hops), path.fans_out, path.lookup))
    hub_labels = hubs(schema)
    return PathSearch([replace(p, hubs=hub_labels) for p in found[:limit]], complete)


class _Walk:
    """The simple paths of exactly ``length`` hops, depth first, each hop
    kept only where ``end`` is still within reach."""

    def __init__(
        self,
        schema: Schema,
        start: str,
        end: str,
        length: int,
        distance: dict[str, int],
        deadline: float | None,
    ) -> None:
        self.schema, self.start, self.end = schema, start, end
        self.length, self.distance, self.deadline = length, distance, deadline
        self.found: list[LookupPath] = []
        self.stopped = False
        self.steps = 0

    def extend(self, here: str, path: tuple[Hop, ...], seen: set[str]) -> None:
        left = self.length - len(path) - 1
        for hop in hops_from(self.schema, here):
            if self.stopped:
                return
            self.steps += 1
            if self.steps % 1024 == 0 and self._out_of_time():
                return
            if path and _never_matches(path[-1], hop):
                continue
            if hop.end == self.end:
                if left == 0:
                    self.found.append(LookupPath(self.start, (*path, hop)))
                    if len(self.found) >= ENUMERATION_LIMIT:
                        self.stopped = True
                continue
            reach = self.distance.get(hop.end)
            if (
                left > 0
                and reach is not None
                and reach <= left
                and hop.end not in seen
                and not _auto_created(self.schema, hop.end)
            ):
                seen.add(hop.end)
                self.extend(hop.end, (*path, hop), seen)
                seen.discard(hop.end)

    def _out_of_time(self) -> bool:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stopped = True
        return self.stopped


def _never_matches(before: Hop, hop: Hop) -> bool:
    """A hop no row can take after ``before``: into a generic model through
    one GenericRelation (its rows of the first owner's content type) and out
    through another over the same generic key (rows of a second owner's),
    as ``book.notes`` then ``post``: a note belongs to one object."""
    into, out = before.relation, hop.relation
    return (
        before.direction == "forward"
        and hop.direction == "reverse"
        and into.kind == out.kind == "generic_relation"
        and into.target == out.target
        and into.source != out.source
        and into.generic_fields is not None
        and into.generic_fields == out.generic_fields
    )


def _distances_to(schema: Schema, end: str, max_hops: int) -> dict[str, int]:
    """Hops from each model to ``end`` (within ``max_hops``), walking the
    hops of :func:`hops_from` backwards; auto-created link tables only ever
    start a path, so the walk does not go on through them."""
    distance = {end: 0}
    layer = [end]
    for hops in range(1, max_hops + 1):
        following: list[str] = []
        for label in layer:
            if label != end and _auto_created(schema, label):
                continue
            for before in _hops_into(schema, label):
                if before not in distance:
                    distance[before] = hops
                    following.append(before)
        layer = following
    return distance


def _hops_into(schema: Schema, label: str) -> Iterator[str]:
    """The models with a hop (of :func:`hops_from`) to ``label``."""
    for relation in schema.incoming(label):
        if relation.kind != "other":
            yield relation.source
    for relation in schema.outgoing(label):
        if relation.target and relation.reverse_query_name and relation.kind != "other":
            yield relation.target


def _auto_created(schema: Schema, label: str) -> bool:
    """Auto-created link tables are crossed as a many-to-many hop, never
    walked into."""
    model = schema.models_by_label.get(label)
    return model is None or model.auto_created
