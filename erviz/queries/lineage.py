"""Where each instance a request walked from came from: the result set of a
queryset the code evaluated, and the path of accessors from that result
set's instances down to it (``("author", "publisher")``).

Read after the request from Django's own caches: a queryset's result cache,
an instance's ``_state.fields_cache`` (select_related, and objects a forward
accessor loaded) and ``_prefetched_objects_cache`` (prefetch_related), and
the result caches of the querysets a reverse manager ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.fields.related_descriptors import ManyToManyDescriptor
from django.db.models.fields.reverse_related import ManyToManyRel

from .recording import Query


@dataclass(frozen=True)
class Origin:
    """A result set (the index of the query that made it, or None where the
    instance's result set is unknown) and the accessors from its instances."""

    root: int | None
    #: The model of the result set's instances (its queryset's model).
    model: type[Model]
    path: tuple[str, ...] = ()

    def down(self, accessor: str) -> Origin:
        return Origin(self.root, self.model, (*self.path, accessor))


class Lineage:
    """The origins of every instance the queries' caches hold."""

    def __init__(self, queries: list[Query]) -> None:
        self._origins: dict[int, Origin] = {}
        self._seen: list[Any] = []  # kept alive: ids stay unique
        for index, query in enumerate(queries):
            if query.cause.kind == "queryset":
                for queryset in query.querysets:
                    root = Origin(index, queryset.model)
                    for obj in cached(queryset):
                        self._harvest(obj, root)
            elif query.instance is not None and query.cause.accessor:
                parent = self.of(query.instance)
                if parent is None:
                    continue
                below = parent.down(query.cause.accessor)
                for queryset in query.querysets:
                    for obj in cached(queryset):
                        self._harvest(obj, below)

    def of(self, instance: Model) -> Origin | None:
        return self._origins.get(id(instance))

    def levels(self) -> set[tuple[int | None, tuple[str, ...]]]:
        """The (result set, path) of every instance with an origin: the
        levels of the result sets that hold any instance."""
        return {(origin.root, origin.path) for origin in self._origins.values()}

    def _harvest(self, obj: Any, origin: Origin) -> None:
        """Note ``obj``'s origin, and that of every instance cached on it."""
        stack = [(obj, origin)]
        while stack:
            obj, origin = stack.pop()
            if not isinstance(obj, Model) or id(obj) in self._origins:
                continue
            self._origins[id(obj)] = origin
            self._seen.append(obj)
            for name, child in obj._state.fields_cache.items():
                stack.append((child, origin.down(name)))
            prefetched = getattr(obj, "_prefetched_objects_cache", None) or {}
            for name, children in prefetched.items():
                accessor = prefetch_accessor(type(obj), name)
                for child in cached(children):
                    stack.append((child, origin.down(accessor)))


def cached(rows: Any) -> Iterable[Any]:
    if isinstance(rows, QuerySet):
        return rows._result_cache or ()
    return rows if isinstance(rows, list | tuple) else ()


def prefetch_accessor(model: type[Model], cache_name: str) -> str:
    """The accessor a prefetch cache of ``model`` stands for: the cache of a
    reverse many-to-many is named by the relation's query name (``book``),
    its accessor is ``book_set``."""
    for relation in model._meta.get_fields():
        if not isinstance(relation, ManyToManyRel):
            continue
        if relation.field.related_query_name() == cache_name:
            accessor = relation.get_accessor_name()
            if isinstance(getattr(model, accessor or "", None), ManyToManyDescriptor):
                return accessor or cache_name
    return cache_name
