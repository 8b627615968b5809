"""What deleting one row of each model reaches, at schema level, and how
that changed between two exports (``erviz diff``'s ``delete_reach``).

For deleting one row of M, with related rows present everywhere (as
Django's Collector would find them):

- *deletes*: the models (M excluded) whose rows may be deleted: the closure
  over foreign keys and one-to-ones whose on_delete deletes (CASCADE,
  DB_CASCADE) pointing at a model of the set, the auto-created link tables
  of many-to-many fields on or to a model of the set, the multi-table
  parents of a deleted child and the children of a deleted parent, and the
  models holding the GenericForeignKey of a GenericRelation on a model of
  the set;
- *updates*: the models holding a foreign key or one-to-one whose on_delete
  updates (SET_NULL, SET_DEFAULT, SET, DB_SET_*) pointing at M or a model
  deleted, themselves not deleted;
- *blockers*: the PROTECT relations pointing at M or a model deleted, and
  the RESTRICT ones whose model is not deleted.

A relation to a proxy is one to its concrete model (proxies are not
listed); custom handlers and DO_NOTHING have no effect. What an on_delete
does is the one delete semantics' (:mod:`erviz.on_delete`), by its effect.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..on_delete import ACTIONS

_KEYS = ("foreign_key", "one_to_one")


@dataclass(frozen=True)
class Reach:
    """One model's reach: what a delete of one of its rows deletes, updates
    and is refused by, each with the relation that causes it."""

    model: str
    #: Model label -> the relation id that brings it in.
    deletes: dict[str, str] = field(default_factory=dict)
    updates: dict[str, str] = field(default_factory=dict)
    #: Relation ids of the blocking relations.
    blockers: frozenset[str] = frozenset()


class ReachIndex:
    """A document's relations indexed for the reach of every model, in the
    numbering ``bits`` (shared with the other side of a comparison)."""

    def __init__(self, document: dict[str, Any], bits: Bits | None = None) -> None:
        self.bits = bits or Bits()
        self.proxy_for: dict[str, str] = {
            m["label"]: m["proxy_for"]
            for m in document["models"]
            if m.get("proxy") and m.get("proxy_for")
        }
        self.models = [m["label"] for m in document["models"]]
        self.into: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.out_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for relation in document["relations"]:
            target = self.concrete(relation.get("target"))
            if target:
                self.into[target].append(relation)
            self.out_of[self.concrete(relation["source"]) or ""].append(relation)
        #: For each model, the deleting relations into it: (id, from model).
        self.deleted_through: dict[str, list[tuple[str, str]]] = defaultdict(list)
        #: For each model, its updating keys: (id, concrete target).
        self.updating: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def concrete(self, label: str | None) -> str | None:
        seen: set[str] = set()
        while label in self.proxy_for and label not in seen:
            seen.add(label)
            label = self.proxy_for[label]
        return label

    def reach(self, model: str, only: frozenset[str] | None = None) -> Reach:
        """What deleting one row of ``model`` reaches, each model with the
        relation that brings it in (for the models of ``only`` alone, when
        given: finding a cause is the costly part)."""
        label = self.concrete(model) or model
        deletes, updates, blockers = self.signatures[label]
        reached = deletes | self.bits.model(label)

        def named(bits: int) -> list[str]:
            if only is None:
                return self.bits.model_labels(bits)
            return sorted(n for n in only if self.bits.model(n) & bits)

        return Reach(
            model,
            {
                name: self._cause(self.deleted_through[name], reached)
                for name in named(deletes)
            },
            {
                name: self._cause(self.updating[name], reached)
                for name in named(updates)
            },
            frozenset(self.bits.relation_ids(blockers)),
        )

    def _cause(self, edges: list[tuple[str, str]], reached: int) -> str:
        """The first relation of ``edges`` whose other end is reached."""
        return next(
            relation_id
            for relation_id, other in sorted(edges)
            if self.bits.model(other) & reached
        )

    @cached_property
    def signatures(self) -> dict[str, tuple[int, int, int]]:
        """Every concrete model's reach as bitsets of ``bits``'s numbering:
        (deletes, updates, blockers), computed for all models at once over
        the strongly connected parts of the delete graph (a model reaches
        what its part and the parts after it reach), so that comparing two
        exports costs one pass, not a walk per model."""
        bit = self.bits
        concrete = sorted({self.concrete(m) or m for m in self.models})
        succ: dict[str, set[str]] = {}
        for model in concrete:
            succ[model] = set()
            for relation, reached in self._deleting(model):
                if reached:
                    succ[model].add(reached)
                    self.deleted_through[reached].append((relation["id"], model))
        updates_into: dict[str, int] = defaultdict(int)
        protect_into: dict[str, int] = defaultdict(int)
        restrict_into: dict[str, int] = defaultdict(int)
        source_of: dict[int, int] = {}
        for target, relations in self.into.items():
            for relation in relations:
                action = ACTIONS.get(relation.get("on_delete") or "")
                if (
                    action is None
                    or relation["kind"] not in _KEYS
                    or relation.get("parent_link")
                ):
                    continue
                source_label = self.concrete(relation["source"]) or ""
                source = bit.model(source_label)
                if action.updates:
                    updates_into[target] |= source
                    self.updating[source_label].append((relation["id"], target))
                elif action.effect == "protected":
                    protect_into[target] |= bit.relation(relation["id"])
                elif action.effect == "restricted":
                    one = bit.relation(relation["id"])
                    restrict_into[target] |= one
                    source_of[one] = source
        found: dict[str, tuple[int, int, int, int]] = {}
        for part in _parts(concrete, succ):
            members = set(part)
            deletes = updates = protect = restrict = 0
            for model in part:
                deletes |= bit.model(model)
                updates |= updates_into[model]
                protect |= protect_into[model]
                restrict |= restrict_into[model]
                # (A model the export lacks, such as a link table left out
                # of a selection, has no relations of its own to follow.)
                for after in succ.get(model, set()) - members:
                    if after in found:
                        d, u, p, r = found[after]
                        deletes, updates, protect, restrict = (
                            deletes | d, updates | u, protect | p, restrict | r
                        )  # fmt: skip
                    else:
                        deletes |= bit.model(after)
            for model in part:
                found[model] = (deletes, updates, protect, restrict)
        signatures = {}
        for model, (closure, updates, protect, restrict) in found.items():
            deletes = closure & ~bit.model(model)
            blockers = protect
            while restrict:
                one = restrict & -restrict
                restrict ^= one
                if not source_of[one] & deletes:
                    blockers |= one
            signatures[model] = (deletes, updates & ~deletes, blockers)
        return signatures

    def _deleting(self, here: str) -> list[tuple[dict[str, Any], str | None]]:
        """The relations through which deleting rows of ``here`` deletes
        rows of another model, with that model."""
        found: list[tuple[dict[str, Any], str | None]] = []
        for relation in self.into[here]:
            kind = relation["kind"]
            action = ACTIONS.get(relation.get("on_delete") or "")
            if kind in _KEYS and (
                relation.get("parent_link") or (action and action.deletes)
            ):
                found.append((relation, self.concrete(relation["source"])))
            elif kind == "many_to_many" and relation.get("through_auto"):
                found.append((relation, relation.get("through")))
        for relation in self.out_of[here]:
            kind = relation["kind"]
            if kind in _KEYS and relation.get("parent_link"):
                found.append((relation, self.concrete(relation.get("target"))))
            elif kind == "many_to_many" and relation.get("through_auto"):
                found.append((relation, relation.get("through")))
            elif kind == "generic_relation":
                found.append((relation, self.concrete(relation.get("target"))))
        return found


class Bits:
    """One numbering of model labels and relation ids for both exports, so
    that their reach bitsets compare as integers."""

    def __init__(self) -> None:
        self.models: dict[str, int] = {}
        self.relations: dict[str, int] = {}
        self._model_names: list[str] = []
        self._relation_names: list[str] = []

    def model(self, label: str) -> int:
        return 1 << self._number(self.models, self._model_names, label)

    def relation(self, relation_id: str) -> int:
        return 1 << self._number(self.relations, self._relation_names, relation_id)

    def model_labels(self, bits: int) -> list[str]:
        """The labels of the models set in ``bits``, sorted."""
        return sorted(_names(self._model_names, bits))

    def relation_ids(self, bits: int) -> list[str]:
        return sorted(_names(self._relation_names, bits))

    @staticmethod
    def _number(numbering: dict[str, int], names: list[str], name: str) -> int:
        number = numbering.get(name)
        if number is None:
            number = numbering[name] = len(names)
            names.append(name)
        return number


def _names(names: list[str], bits: int) -> Iterator[str]:
    while bits:
        one = bits & -bits
        bits ^= one
        yield names[one.bit_length() - 1]


def _parts(nodes: list[str], succ: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of the graph (Tarjan's algorithm, without
    recursion), each after every part it reaches."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    parts: list[list[str]] = []
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(succ.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(succ.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                parts.append(part)
    return parts


@dataclass(frozen=True)
class ReachChange:
    """How deleting a row of ``model`` changed: each list sorted."""

    model: str
    deletes_added: tuple[str, ...] = ()
    deletes_removed: tuple[str, ...] = ()
    updates_added: tuple[str, ...] = ()
    updates_removed: tuple[str, ...] = ()
    blockers_added: tuple[str, ...] = ()
    blockers_removed: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "deletes_added": list(self.deletes_added),
            "deletes_removed": list(self.deletes_removed),
            "updates_added": list(self.updates_added),
            "updates_removed": list(self.updates_removed),
            "blockers_added": list(self.blockers_added),
            "blockers_removed": list(self.blockers_removed),
        }


def reach_changes(
    old: dict[str, Any], new: dict[str, Any]
) -> list[tuple[ReachChange, Reach, Reach]]:
    """The models in both documents whose reach changed, by label, with
    their reach before and after (walked again, for the relation that
    brings each model in, only where the two differ)."""
    bits = Bits()
    before, after = ReachIndex(old, bits), ReachIndex(new, bits)
    was_all, now_all = before.signatures, after.signatures
    changed = []
    for model in sorted(was_all.keys() & now_all.keys()):
        if was_all[model] == now_all[model]:
            continue
        (d0, u0, b0), (d1, u1, b1) = was_all[model], now_all[model]
        change = ReachChange(
            model,
            tuple(bits.model_labels(d1 & ~d0)),
            tuple(bits.model_labels(d0 & ~d1)),
            tuple(bits.model_labels(u1 & ~u0)),
            tuple(bits.model_labels(u0 & ~u1)),
            tuple(bits.relation_ids(b1 & ~b0)),
            tuple(bits.relation_ids(b0 & ~b1)),
        )
        named = frozenset([*change.deletes_added, *change.deletes_removed,
                           *change.updates_added, *change.updates_removed])  # fmt: skip
        changed.append((change, before.reach(model, named), after.reach(model, named)))
    return changed


_LISTS = (
    "deletes_added",
    "deletes_removed",
    "updates_added",
    "updates_removed",
    "blockers_added",
    "blockers_removed",
)
