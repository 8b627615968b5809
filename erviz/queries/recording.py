"""Every SQL query run inside :func:`erviz.queries.watch`, and what caused it.

Queries are seen through Django's own hook, ``connection.execute_wrapper()``
(on every database's connection of the thread, for the ``with`` block
alone); the cause is read from the stack at that moment, in the frames of
Django's own code that run the query:

- a forward foreign key or one-to-one (``book.author``): the frame of
  ``ForwardManyToOneDescriptor.__get__``, with the descriptor and instance;
- a reverse one-to-one (``place.restaurant``): ``ReverseOneToOneDescriptor``;
- a GenericForeignKey (``note.content_object``): its ``__get__``;
- a prefetch: ``prefetch_one_level()``, with the lookup and its level;
- a reverse foreign key's manager (``author.book_set.all()``): the
  queryset the manager made, which carries ``_known_related_objects``
  (the foreign key and the instance), wherever it is evaluated;
- a many-to-many or GenericRelation manager: the queryset carries the
  instance as its ``instance`` hint; the relation is the one between the
  two models whose link table the query joins;
- anything else evaluating a queryset: plain queryset evaluation.

Nothing is patched: the frames are only read. The records keep the
instances and querysets alive until the report is made (the lineage of
each instance is read from their caches, :mod:`.lineage`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Literal, get_args

from django.db import connections
from django.db.models import ManyToManyField, ManyToManyRel, Model, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ReverseOneToOneDescriptor,
)

from .django_code import (
    DESCRIPTORS_FILE,
    GENERIC_FILE,
    QUERY_FILE,
    generic_foreign_key_of,
)

#: The walks through an accessor of an instance (not a prefetch, not a
#: queryset evaluated by the code itself).
WalkKind = Literal[
    "forward",
    "reverse_one",
    "reverse_many",
    "many_to_many",
    "generic_foreign_key",
    "generic_relation",
]
CauseKind = Literal[WalkKind, "prefetch", "queryset", "other"]
WALKS = frozenset(get_args(WalkKind))
#: How many queries one watch() attributes: a request that runs more is
#: reported on its first ones (and says so), its memory bounded.
MAX_ATTRIBUTED = 10_000
#: How deep the stack is read for a cause: a request's stack is some tens
#: of frames deep; a deeper one is cut short rather than read whole.
MAX_FRAMES = 400

#: Django's files whose frames say what runs a query.
_READ = frozenset({QUERY_FILE, DESCRIPTORS_FILE, GENERIC_FILE})


@dataclass(frozen=True)
class Cause:
    """What made a query run."""

    kind: CauseKind
    #: The relation's id as the export writes it (``app.Model.field``, the
    #: field that defines it), for a walk.
    relation: str | None = None
    #: The label of the model whose instance's accessor was used.
    model: str | None = None
    #: The attribute read on that instance (``author``, ``book_set``).
    accessor: str | None = None
    #: For a prefetch: the lookup down to the level it fetched.
    lookup: str | None = None


@dataclass(frozen=True)
class Query:
    """One query and what caused it."""

    sql: str
    database: str
    seconds: float
    cause: Cause
    #: The instance whose accessor was walked (walks only).
    instance: Model | None = None
    #: The querysets of the frames that ran it, innermost first: their
    #: result caches hold the rows the query made into instances.
    querysets: tuple[QuerySet[Any], ...] = ()
    #: The outermost QuerySet method the code called (``__iter__``,
    #: ``count``, ``aggregate``...), when a queryset ran it.
    method: str | None = None


@dataclass
class Recorder:
    """The queries of one ``watch()``, in the order they ran."""

    queries: list[Query] = field(default_factory=list)
    #: How many queries are attributed (and their instances and querysets
    #: kept, for the report); past it they are counted alone.
    limit: int = MAX_ATTRIBUTED
    #: The queries past the limit.
    unattributed: int = 0

    def wrapper(self, alias: str) -> Callable[..., Any]:
        def record(
            execute: Callable[..., Any],
            sql: str,
            params: Any,
            many: bool,
            context: dict[str, Any],
        ) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                seconds = time.perf_counter() - started
                self._note(sql, alias, seconds, sys._getframe(1))

        return record

    def _note(self, sql: str, alias: str, seconds: float, frame: FrameType) -> None:
        if len(self.queries) >= self.limit:
            self.unattributed += 1
            return
        try:
            query = _attributed(sql, alias, seconds, frame)
        except Exception:
            # The host's query ran; what erviz could not read of its frames
            # (someone else's objects) must not fail it.
            query = Query(sql, alias, seconds, Cause("other"))
        self.queries.append(query)

    @contextmanager
    def recording(self) -> Iterator[Recorder]:
        with ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(
                    connection.execute_wrapper(self.wrapper(connection.alias))
                )
            yield self


def _attributed(sql: str, alias: str, seconds: float, frame: FrameType | None) -> Query:
    """The query with its cause, read from the frames that run it (the
    innermost decisive frame wins)."""
    querysets: list[QuerySet[Any]] = []
    method: str | None = None
    depth = 0
    while frame is not None and depth < MAX_FRAMES:
        depth += 1
        code = frame.f_code
        if code.co_filename not in _READ:
            frame = frame.f_back
            continue
        owner = frame.f_locals.get("self")
        name = code.co_name
        if code.co_filename == QUERY_FILE:
            if isinstance(owner, QuerySet):
                if not querysets or querysets[-1] is not owner:
                    querysets.append(owner)
                method = name
                known = getattr(owner, "_known_related_objects", None)
                if known and _outside_queryset(frame):
                    found = _reverse_many(known)
                    if found is not None:
                        return _query(
                            sql, alias, seconds, found[0], querysets, method, found[1]
                        )
            elif name == "prefetch_one_level":
                fetched = _prefetch(frame.f_locals)
                return _query(sql, alias, seconds, fetched, querysets, method)
        elif name == "__get__":
            read = frame.f_locals.get("instance")
            walked = _descriptor(owner, read)
            if walked is not None:
                return _query(sql, alias, seconds, walked, querysets, method, read)
        frame = frame.f_back
    for queryset in querysets:
        hinted = getattr(queryset, "_hints", {}).get("instance")
        if isinstance(hinted, Model):
            managed = _many(hinted, queryset)
            if managed is not None:
                return _query(sql, alias, seconds, managed, querysets, method, hinted)
    kind: CauseKind = "queryset" if querysets else "other"
    return _query(sql, alias, seconds, Cause(kind), querysets, method)


def _outside_queryset(frame: FrameType) -> bool:
    """Whether the frame is the outermost of QuerySet's own frames (the
    method the code called): the cause is then complete."""
    outer = frame.f_back
    return not (
        outer is not None
        and outer.f_code.co_filename == QUERY_FILE
        and isinstance(outer.f_locals.get("self"), QuerySet)
    )


def _query(
    sql: str,
    alias: str,
    seconds: float,
    cause: Cause,
    querysets: list[QuerySet[Any]],
    method: str | None,
    instance: Model | None = None,
) -> Query:
    return Query(sql, alias, seconds, cause, instance, tuple(querysets), method)


def _label(field: Any) -> str:
    return f"{field.model._meta.label}.{field.name}"


def _descriptor(owner: Any, instance: Any) -> Cause | None:
    if not isinstance(instance, Model):
        return None
    model = instance._meta.label
    if isinstance(owner, ForwardManyToOneDescriptor):
        field = owner.field
        return Cause("forward", _label(field), model, field.name)
    if isinstance(owner, ReverseOneToOneDescriptor):
        related = owner.related
        accessor = related.get_accessor_name()
        return Cause("reverse_one", _label(related.field), model, accessor)
    generic = generic_foreign_key_of(owner)
    if generic is not None:
        return Cause("generic_foreign_key", _label(generic), model, generic.name)
    return None


def _reverse_many(known: dict[Any, dict[Any, Any]]) -> tuple[Cause, Model] | None:
    """A reverse foreign key's manager marks its queryset with the key and
    the instance (``_known_related_objects``)."""
    for key, instances in known.items():
        for instance in instances.values():
            if isinstance(instance, Model):
                accessor = key.remote_field.get_accessor_name()
                label = instance._meta.label
                return Cause("reverse_many", _label(key), label, accessor), instance
    return None


def _prefetch(local: dict[str, Any]) -> Cause:
    lookup, level, instances = (local.get(k) for k in ("lookup", "level", "instances"))
    through = getattr(lookup, "prefetch_through", None)
    if not isinstance(through, str) or not isinstance(level, int):
        return Cause("prefetch")
    hops = through.split(LOOKUP_SEP)[: level + 1]
    model = instances[0]._meta.label if instances else None
    return Cause("prefetch", None, model, hops[-1], LOOKUP_SEP.join(hops))


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _many(instance: Model, queryset: QuerySet[Any]) -> Cause | None:
    """The many-to-many field or GenericRelation whose manager on
    ``instance`` made ``queryset``: the one to the queryset's model whose
    link table the query joins (a GenericRelation joins none)."""
    target = queryset.model._meta.concrete_model
    tables = {join.table_name for join in queryset.query.alias_map.values()}
    found: list[tuple[bool, Cause]] = []
    model = instance._meta.label
    relation: Any
    for relation in instance._meta.get_fields():
        if not relation.is_relation or relation.related_model is None:
            continue
        if isinstance(relation.related_model, str):
            continue
        if relation.related_model._meta.concrete_model is not target:
            continue
        if isinstance(relation, ManyToManyField):
            through = _table(relation.remote_field.through)
            cause = Cause("many_to_many", _label(relation), model, relation.name)
            found.append((through in tables, cause))
        elif isinstance(relation, ManyToManyRel):  # a ManyToManyField's reverse
            through = _table(relation.through)
            accessor = relation.get_accessor_name()
            cause = Cause("many_to_many", _label(relation.field), model, accessor)
            found.append((through in tables, cause))
        elif relation.one_to_many and not relation.auto_created:
            # A GenericRelation: a field of the instance's model.
            cause = Cause("generic_relation", _label(relation), model, relation.name)
            found.append((False, cause))
    joined = [cause for joins, cause in found if joins]
    if joined:
        return joined[0]
    generic = [cause for _, cause in found if cause.kind == "generic_relation"]
    if len(generic) == 1:
        return generic[0]
    return found[0][1] if len(found) == 1 else None
