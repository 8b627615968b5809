"""From a request's queries to its walks: each relation walked through one
accessor on the instances of one result set, whether that is an N+1, and
the eager load that removes it, with the request's query count once that
one advice is applied.

A walk is an N+1 when two or more of its queries have the same SQL
(parameters aside). Its advice is the lookup from the queryset that made
the loop's instances down to the walked relation (``author__publisher`` on
``Book`` for ``book.author.publisher``): ``select_related`` where every hop
is a single object (forward keys, reverse one-to-ones), else
``prefetch_related``. A many-valued walk whose query a prefetch cannot
serve (a ``filter()``, an ``order_by()`` or a slice of the manager per
row) is advised a ``Prefetch(lookup, queryset=...)`` with ``to_attr``; one
whose instance had the relation prefetched is a *defeated prefetch*. A
loop of aggregates, or of queries that differ per row, gets no advice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import Col
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
    ReverseOneToOneDescriptor,
)
from django.db.models.lookups import Lookup

from .django_code import generic_foreign_key_of, generic_relation_descriptor
from .lineage import Lineage, Origin
from .recording import WALKS, Query

#: The QuerySet methods whose answer a prefetched manager gives from its
#: cache, without a query.
SERVED_BY_PREFETCH = frozenset(
    {"__iter__", "__len__", "__bool__", "_fetch_all", "count", "exists"}
)
_MANY = frozenset({"reverse_many", "many_to_many", "generic_relation"})


@dataclass(frozen=True)
class Advice:
    """The one change to the code that removes a walk's N+1."""

    #: "select_related", "prefetch_related" or "Prefetch".
    method: str
    lookup: str
    #: The label of the model of the queryset to change.
    on: str
    #: The request's queries with this advice applied alone.
    queries_after: int
    #: For a Prefetch: the queryset, as code, and the attribute to read.
    queryset: str | None = None
    to_attr: str | None = None

    @property
    def code(self) -> str:
        if self.method == "Prefetch":
            return (
                f'Prefetch("{self.lookup}", queryset={self.queryset}, '
                f'to_attr="{self.to_attr}")'
            )
        return f'.{self.method}("{self.lookup}")'


@dataclass(frozen=True)
class Walk:
    """One relation walked through one accessor on the instances of one
    result set."""

    relation: str
    #: The label of the model whose instances' accessor was read.
    model: str
    accessor: str
    kind: str
    queries: int
    n_plus_one: bool
    advice: Advice | None
    #: The model of the result set the instances came from, and the
    #: accessors from its instances down to them ("" where unknown).
    origin: str
    path: tuple[str, ...]
    #: The SQL run most often (parameters left as placeholders).
    sql: str
    defeated_prefetch: bool = False


def find_walks(
    queries: list[Query], lineage: Lineage | None = None, total: int | None = None
) -> list[Walk]:
    """The walks of ``queries``; ``total`` is the block's query count (more
    than ``queries`` where a watch stopped attributing)."""
    lineage = lineage or Lineage(queries)
    total = len(queries) if total is None else total
    groups: dict[tuple[Any, ...], list[Query]] = defaultdict(list)
    origins: dict[tuple[Any, ...], Origin] = {}
    for query in queries:
        if query.cause.kind not in WALKS or query.instance is None:
            continue
        origin = lineage.of(query.instance) or Origin(None, type(query.instance))
        key = (
            origin.root,
            origin.model._meta.label,
            origin.path,
            query.cause.accessor,
            query.cause.relation,
            query.cause.model,
        )
        groups[key].append(query)
        origins[key] = origin
    # The lazy queries of each hop below a result set, for queries_after.
    by_hop: dict[tuple[Any, ...], list[Query]] = defaultdict(list)
    for key, group in groups.items():
        by_hop[key[:4]].extend(group)
    walks = [_walk(group, origins[key], by_hop, total) for key, group in groups.items()]
    return sorted(walks, key=lambda w: (-w.queries, w.relation, w.model, w.path))


def _walk(
    group: list[Query],
    origin: Origin,
    by_hop: dict[tuple[Any, ...], list[Query]],
    total: int,
) -> Walk:
    first = group[0]
    cause = first.cause
    accessor = cause.accessor or ""
    sqls = Counter(query.sql for query in group)
    sql, repeated = sqls.most_common(1)[0]
    n_plus_one = repeated >= 2
    many = cause.kind in _MANY
    defeated = many and any(_prefetched(q.instance, accessor) for q in group)
    plain = not many or (not defeated and all(_plain(q, accessor) for q in group))
    advice = None
    hops = (*origin.path, accessor)
    if (n_plus_one or defeated) and not plain:
        advice = _prefetch_object(group, origin, hops, total)
    elif n_plus_one:
        advice = _eager_load(origin, hops, by_hop, total)
    return Walk(
        relation=cause.relation or "",
        model=cause.model or "",
        accessor=accessor,
        kind=cause.kind,
        queries=len(group),
        n_plus_one=n_plus_one,
        advice=advice,
        origin=origin.model._meta.label if origin.root is not None else "",
        path=origin.path,
        sql=sql,
        defeated_prefetch=defeated,
    )


def _prefetched(instance: Model | None, accessor: str) -> bool:
    """Whether ``instance`` has ``accessor``'s relation prefetched."""
    if instance is None:
        return False
    cache = getattr(instance, "_prefetched_objects_cache", None) or {}
    manager = getattr(type(instance), accessor, None)
    names = {accessor}
    if isinstance(manager, ManyToManyDescriptor) and manager.reverse:
        names.add(manager.rel.field.related_query_name())
    return bool(names & cache.keys())


def _shape(queryset: QuerySet[Any]) -> tuple[Any, ...]:
    query = queryset.query
    return (
        len(query.where.children),
        bool(query.annotations),
        tuple(query.order_by),
        query.is_sliced,
        bool(query.distinct),
        getattr(queryset, "_fields", None),
        bool(query.extra),
    )


def _plain(query: Query, accessor: str) -> bool:
    """Whether a prefetch would answer ``query`` from its cache: the code
    read the manager's queryset as it is (iterated it, counted it, asked
    whether it has rows), with no filter, order or slice of its own."""
    if query.method not in SERVED_BY_PREFETCH or not query.querysets:
        return False
    canonical = getattr(query.instance, accessor).all()
    return _shape(query.querysets[-1]) == _shape(canonical)


def _hop_kinds(model: type[Model], hops: tuple[str, ...]) -> list[str] | None:
    """Each hop of a lookup from ``model``: "single" (a forward key or a
    reverse one-to-one), "many", or "generic" (a GenericForeignKey, which
    only a prefetch follows, and last); None where a hop is no relation."""
    kinds: list[str] = []
    current: Any = model
    generic = generic_relation_descriptor()
    for name in hops:
        if current is None:
            return None
        attr = getattr(current, name, None)
        if isinstance(attr, ForwardManyToOneDescriptor):
            kinds.append("single")
            current = attr.field.remote_field.model
        elif isinstance(attr, ReverseOneToOneDescriptor):
            kinds.append("single")
            current = attr.related.related_model
        elif isinstance(attr, ManyToManyDescriptor):
            kinds.append("many")
            current = attr.rel.related_model if attr.reverse else attr.rel.model
        elif generic is not None and isinstance(attr, generic):
            kinds.append("many")  # a GenericRelation: its rel's model is the target
            current = getattr(attr, "rel").model  # noqa: B009
        elif isinstance(attr, ReverseManyToOneDescriptor):
            kinds.append("many")
            current = attr.rel.related_model
        elif generic_foreign_key_of(attr) is not None:
            kinds.append("generic")
            current = None
        else:
            return None
    return kinds


def _eager_load(
    origin: Origin,
    hops: tuple[str, ...],
    by_hop: dict[tuple[Any, ...], list[Query]],
    total: int,
) -> Advice | None:
    kinds = _hop_kinds(origin.model, hops)
    if kinds is None:
        return None
    method = (
        "select_related" if all(k == "single" for k in kinds) else "prefetch_related"
    )
    after = total
    label = origin.model._meta.label
    for level in range(len(hops)):
        lazy = by_hop.get((origin.root, label, hops[:level], hops[level]), [])
        after -= len(lazy)
        if lazy and method == "prefetch_related":
            # One query per level (a GenericForeignKey's: one per model).
            after += (
                len({query.sql for query in lazy}) if kinds[level] == "generic" else 1
            )
    return Advice(method, LOOKUP_SEP.join(hops), label, after)


def _prefetch_object(
    group: list[Query], origin: Origin, hops: tuple[str, ...], total: int
) -> Advice | None:
    """A ``Prefetch`` with the queryset the loop runs per row, where a
    prefetch can answer it (not an aggregate, a values() or an update)."""
    if any(q.method not in SERVED_BY_PREFETCH for q in group):
        return None
    first = group[0]
    queryset = first.querysets[-1] if first.querysets else None
    if queryset is None or first.instance is None:
        return None
    # The manager's queryset: its model's default manager's filters, then
    # the relation's (core_filters); the loop's own come after them.
    related = getattr(first.instance, hops[-1])
    base = len(related.model._default_manager.all().query.where.children)
    base += len(getattr(related, "core_filters", {}) or {})
    extra = queryset.query.where.children[base:]
    code = f"{queryset.model.__name__}.objects"
    code += f".filter({_kwargs(extra)})" if extra else ".all()"
    if queryset.query.order_by:
        code += ".order_by({})".format(
            ", ".join(repr(o) for o in queryset.query.order_by)
        )
    return Advice(
        "Prefetch",
        LOOKUP_SEP.join(hops),
        origin.model._meta.label,
        total - len(group) + 1,
        queryset=code,
        to_attr=f"{hops[-1]}_list",
    )


def _kwargs(children: list[Any]) -> str:
    """Filter conditions as keyword arguments (``is_read=False``), or "..."
    where one is not a plain field lookup."""
    parts = []
    for child in children:
        if not (isinstance(child, Lookup) and isinstance(child.lhs, Col)):
            return "..."
        name = child.lhs.target.name
        if child.lookup_name != "exact":
            name += f"__{child.lookup_name}"
        parts.append(f"{name}={child.rhs!r}")
    return ", ".join(parts)
