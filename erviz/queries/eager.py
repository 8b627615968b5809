"""Eager loads nothing used: a ``select_related`` or ``prefetch_related``
lookup of a queryset the code evaluated, whose last relation the code never
read on the instances it loaded (:mod:`.reads`). A prefetch into
``to_attr`` is left out (a plain attribute's reads cannot be seen), and so
is a lookup whose level loaded no instance (nothing could be read)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Prefetch
from django.db.models.constants import LOOKUP_SEP

from .lineage import Lineage, cached
from .recording import Query


@dataclass(frozen=True)
class Unused:
    #: "select_related" or "prefetch_related".
    method: str
    lookup: str
    #: The label of the queryset's model.
    on: str


def unused_eager_loads(
    queries: list[Query], reads: list[tuple[Model, str]], lineage: Lineage
) -> list[Unused]:
    read_at = set()
    for instance, accessor in reads:
        origin = lineage.of(instance)
        if origin is not None:
            read_at.add((origin.root, origin.path, accessor))
    levels = lineage.levels()
    found: list[Unused] = []
    for index, query in enumerate(queries):
        if query.cause.kind != "queryset" or not query.querysets:
            continue
        if not any(cached(queryset) for queryset in query.querysets):
            continue
        queryset = query.querysets[-1]
        label = queryset.model._meta.label
        for method, lookup in _lookups(queryset):
            hops = tuple(lookup.split(LOOKUP_SEP))
            loaded = (index, hops[:-1]) in levels
            if loaded and (index, hops[:-1], hops[-1]) not in read_at:
                found.append(Unused(method, lookup, label))
    return sorted(set(found), key=lambda u: (u.on, u.method, u.lookup))


def _lookups(queryset: Any) -> Iterator[tuple[str, str]]:
    """The queryset's eager loads, each down to its last relation."""
    selected = queryset.query.select_related
    if isinstance(selected, dict):
        for path in _leaves(selected, ()):
            yield "select_related", LOOKUP_SEP.join(path)
    for lookup in getattr(queryset, "_prefetch_related_lookups", ()):
        if isinstance(lookup, Prefetch):
            if lookup.to_attr:
                continue
            lookup = lookup.prefetch_to
        if isinstance(lookup, str):
            yield "prefetch_related", lookup


def _leaves(tree: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for name, below in tree.items():
        if below:
            yield from _leaves(below, (*path, name))
        else:
            yield (*path, name)
