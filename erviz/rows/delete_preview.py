"""The row-level preview: exactly what deleting one row would do, counted.

It walks the same relations as Django's ``Collector`` (its own
``get_candidate_relations_to_delete``), level by level, with one query per
relation and batch of primary keys: rows to delete are followed by their
primary keys only, rows to update are counted with ``COUNT`` queries, and no
model instance is loaded. Everything runs in a transaction that is rolled
back (declared READ ONLY on PostgreSQL), within a time budget past which the
answer is marked partial. A custom on_delete callable, whose effect cannot be
derived, sends the whole preview to Django's own Collector, and says so.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import logging
import operator
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, cast

from django.apps import apps
from django.db import DatabaseError, Error, models, router, transaction
from django.db.models import Q, QuerySet
from django.db.models.deletion import Collector, get_candidate_relations_to_delete

from ..conf import get_config
from ..on_delete import PROTECT, RESTRICT, resolve
from . import row_sets
from .database import connection_lost
from .deadline import DeadlinePassed, bounded, read_only, within_deadline
from .naming import name_rows
from .row_sets import plan_delete
from .signals import fast_deletes, receivers

logger = logging.getLogger("erviz")
BATCH = 500
SAMPLES = 5
#: Blocking rows listed by pk in a preview (each is counted): a list of a
#: million protected rows would cost more than the walk itself.
ROWS_LISTED = 1000


@dataclass
class RowPreview:
    model: str
    pk: Any
    deleted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    #: The blocking rows, the first ROWS_LISTED of each kind (by model and
    #: pk); every one is counted per model below.
    protected: list[tuple[str, Any]] = field(default_factory=list)
    restricted: list[tuple[str, Any]] = field(default_factory=list)
    protected_by_model: dict[str, int] = field(default_factory=dict)
    restricted_by_model: dict[str, int] = field(default_factory=dict)
    #: RESTRICT rows not yet found deleted by another CASCADE path when the
    #: answer is partial: neither blockers nor allowed yet.
    undecided: dict[str, int] = field(default_factory=dict)
    deleted_by_database: dict[str, int] = field(default_factory=dict)
    updated_by_database: dict[str, int] = field(default_factory=dict)
    partial: bool = False
    #: Why the counts are lower bounds: "time_budget" (it ran out, or a
    #: statement was cancelled), or "protected" (Django's Collector stops
    #: collecting under a protected row).
    partial_reason: str | None = None
    #: A few primary keys of the deleted rows, per model, to show.
    samples: dict[str, list[Any]] = field(default_factory=dict)
    #: True when Django's Collector did the work (a custom on_delete).
    collector: bool = False
    #: How the rows were counted: "sql" (each set a query, see row_sets.py),
    #: "keys" (primary keys walked in batches, where SQL cannot say it) or
    #: "collector"; ``walk_reason`` says why not "sql".
    walk: str = "sql"
    walk_reason: str | None = None
    #: The database alias the rows were counted on.
    database: str = ""
    #: Of ``updated``, the rows that are not deleted by the same delete
    #: (Django updates them first all the same); None where the walk could
    #: not tell (walk "keys" or "collector").
    updated_surviving: dict[str, int] | None = None
    queries: int = 0
    #: The text of the sample and listed blocking rows, by (label, pk), for
    #: the models the caller may name (read inside the transaction).
    names: dict[tuple[str, Any], str] = field(default_factory=dict)
    #: Why no answer could be given (a custom on_delete that writes...).
    error: str | None = None
    #: The database error that stopped the count (a missing table, a lost
    #: connection), by its class name; None when the database answered.
    fault: str | None = None
    #: The pre_delete/post_delete receivers the delete would call, by the
    #: label of the deleted rows' model (dotted paths).
    signals: dict[str, list[str]] = field(default_factory=dict)
    #: Whether Django would delete a model's rows without loading them.
    fast_delete: dict[str, bool] = field(default_factory=dict)
    #: Receivers connected for rows the database deletes (DB_CASCADE): the
    #: delete will not call them.
    signals_not_sent: dict[str, list[str]] = field(default_factory=dict)
    #: The rows reached through each relation ("app.Model.field", the model
    #: that holds the field): deleted, updated or blocking rows that point
    #: at rows the delete removes. Counted last and only in SQL; None where
    #: they were not (walk "keys" or "collector", or no time left).
    reached: dict[str, int] | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.protected_by_model or self.restricted_by_model)

    @property
    def blocker_count(self) -> int:
        return sum(self.protected_by_model.values()) + sum(
            self.restricted_by_model.values()
        )

    @property
    def blockers(self) -> list[tuple[str, str, Any]]:
        """(action, model label, pk) of every blocking row, PROTECT first."""
        return [
            *((PROTECT.name, label, pk) for label, pk in self.protected),
            *((RESTRICT.name, label, pk) for label, pk in self.restricted),
        ]

    def document(self) -> dict[str, Any]:
        """The JSON contract of ``erviz cascade APP.Model --pk PK``."""
        return {
            "model": self.model,
            "pk": self.pk,
            "deleted": dict(sorted(self.deleted.items())),
            "updated": dict(sorted(self.updated.items())),
            "protected": [{"model": m, "pk": pk} for m, pk in self.protected],
            "restricted": [{"model": m, "pk": pk} for m, pk in self.restricted],
            "protected_count": dict(sorted(self.protected_by_model.items())),
            "restricted_count": dict(sorted(self.restricted_by_model.items())),
            "undecided": dict(sorted(self.undecided.items())),
            "partial_reason": self.partial_reason,
            "deleted_by_database": dict(sorted(self.deleted_by_database.items())),
            "updated_by_database": dict(sorted(self.updated_by_database.items())),
            "partial": self.partial,
            "collector": self.collector,
            "walk": self.walk,
            "database": self.database,
            "updated_surviving": None
            if self.updated_surviving is None
            else dict(sorted(self.updated_surviving.items())),
            "signals": dict(sorted(self.signals.items())),
            "fast_delete": dict(sorted(self.fast_delete.items())),
            "signals_not_sent": dict(sorted(self.signals_not_sent.items())),
            "reached": None
            if self.reached is None
            else dict(sorted(self.reached.items())),
        }


class _Keys:
    """A set of primary keys that stays small: one bit per non-negative
    integer key (auto ids), a Python set only for other keys. A 200,000-row
    cascade then costs kilobytes, not the tens of megabytes of an int set."""

    def __init__(self) -> None:
        self.bits = bytearray()
        self.other: set[Any] = set()
        self.count = 0

    def add(self, pks: Iterable[Any], keep: bool = True) -> list[Any]:
        """Add ``pks``; return those that were not there yet (only counted,
        not returned, without ``keep``)."""
        new: list[Any] = []
        added = 0
        bits = self.bits
        try:
            for pk in pks:
                if type(pk) is int and pk >= 0:
                    byte, mask = pk >> 3, 1 << (pk & 7)
                    if byte >= len(bits):
                        bits.extend(bytes(byte - len(bits) + 1 + len(bits) // 2))
                    if not bits[byte] & mask:
                        bits[byte] |= mask
                        added += 1
                        if keep:
                            new.append(pk)
                elif pk not in self.other:
                    self.other.add(pk)
                    added += 1
                    if keep:
                        new.append(pk)
        finally:
            # Keys streamed in before the deadline stopped the stream count.
            self.count += added
        return new

    def __contains__(self, pk: Any) -> bool:
        if type(pk) is int and pk >= 0:
            byte = pk >> 3
            return byte < len(self.bits) and bool(self.bits[byte] & (1 << (pk & 7)))
        return pk in self.other

    def __len__(self) -> int:
        return self.count

    def count_not_in(self, other: _Keys) -> int:
        """How many of these keys ``other`` lacks, in C: a bitwise AND of
        the two bitmaps counts what they share."""
        size = min(len(self.bits), len(other.bits))
        shared = (
            int.from_bytes(self.bits[:size], "little")
            & int.from_bytes(other.bits[:size], "little")
        ).bit_count()
        return self.count - shared - len(self.other & other.other)

    def first_not_in(self, other: _Keys, n: int) -> list[Any]:
        """The first ``n`` of these keys that ``other`` lacks."""
        found: list[Any] = []
        for pk in self:
            if len(found) >= n:
                break
            if pk not in other:
                found.append(pk)
        return found

    def first(self, n: int) -> list[Any]:
        """The ``n`` smallest keys."""
        found: list[Any] = []
        for byte, value in enumerate(self.bits):
            if value:
                found += [(byte << 3) + bit for bit in range(8) if value >> bit & 1]
                if len(found) >= n:
                    return found[:n]
        return found + heapq.nsmallest(n - len(found), self.other, key=_pk_order)

    def __iter__(self) -> Iterator[Any]:
        for byte, value in enumerate(self.bits):
            if value:
                yield from ((byte << 3) + bit for bit in range(8) if value >> bit & 1)
        yield from self.other


#: Blocking rows named; the rest are counted.
BLOCKERS_LISTED = 50


def _nobody(label: str) -> bool:
    return False


def preview_delete(
    obj: models.Model,
    using: str | None = None,
    *,
    may_name: Callable[[str], bool] = _nobody,
) -> RowPreview:
    """What deleting ``obj`` would do, without writing anything, on the
    database the admin would delete it from (``router.db_for_write``)."""
    model = type(obj)
    return preview_row(
        model, obj.pk, using or router.db_for_write(model, instance=obj), may_name
    )


def preview_row(
    model: type[models.Model],
    pk: Any,
    using: str,
    may_name: Callable[[str], bool] = _nobody,
) -> RowPreview:
    """What deleting the ``model`` row ``pk`` would do, within the time
    budget; the row itself is named too where ``may_name`` allows."""
    return preview_delete_rows(
        model,
        [pk],
        using,
        pk=pk,
        time_budget=get_config()["PREVIEW_TIME_BUDGET"],
        may_name=may_name,
    )


def preview_delete_rows(
    model: type[models.Model],
    pks: list[Any],
    using: str = "default",
    *,
    time_budget: float | None,
    pk: Any = None,
    may_name: Callable[[str], bool] = _nobody,
    collector: bool = True,
) -> RowPreview:
    """What deleting the rows ``pks`` of ``model`` at once would do (the
    admin's "delete selected"), without writing anything.

    Past ``time_budget`` seconds the answer is marked partial; None means no
    limit, for callers that must know the whole answer. The sample and
    blocking rows of the models ``may_name`` allows are named (``names``)
    inside the same transaction. Where a custom on_delete handler decides,
    Django's Collector runs it (still read-only) unless ``collector`` is
    False: then the answer only says so (``collector`` set, nothing counted).
    """
    preview = RowPreview(model=model._meta.label, pk=pk)
    # The relations the delete follows (no query): the set walk counts
    # along them, and the receivers and fast deletes are read from them.
    plan = plan_delete(model)
    deadline = None if time_budget is None else time.monotonic() + time_budget
    try:
        with read_only(using):
            preview = _counted(preview, model, plan, pks, using, deadline, collector)
            _side_effects(preview, plan, using)
            preview.database = using
            try:
                if preview.error is None:
                    # Naming is bounded too, by a second of its own past the
                    # budget.
                    naming = (
                        None if deadline is None else max(deadline, time.monotonic())
                    )
                    with bounded(using, None if naming is None else naming + 1):
                        preview.names = name_rows(_named_keys(preview), using, may_name)
            except DeadlinePassed:
                pass  # the rows stay unnamed: shown by pk
    except Error as error:  # DatabaseError, and InterfaceError beside it
        # A table that is not there, or a connection lost (Django drops it
        # when ending the transaction fails, and that raises too).
        logger.warning("erviz: the preview's database failed: %s", error)
        preview.fault = type(error).__name__
    return preview


def _counted(
    preview: RowPreview,
    model: type[models.Model],
    plan: row_sets.Plan,
    pks: list[Any],
    using: str,
    deadline: float | None,
    collector: bool,
) -> RowPreview:
    """The preview counted, inside the read-only transaction: partial where
    the deadline passed."""
    try:
        # A statement stopped for time aborts a PostgreSQL transaction:
        # this savepoint is rolled back to, and the names read after it.
        with transaction.atomic(using=using), bounded(using, deadline):
            try:
                _walk(preview, plan, pks, using)
            except (_CustomHandler, row_sets.CustomHandler):
                preview = (
                    _with_collector(model, pks, using, preview.pk)
                    if collector
                    else RowPreview(model=preview.model, pk=preview.pk, collector=True)
                )
                preview.walk = "collector"
                preview.walk_reason = "a custom on_delete handler"
    except DeadlinePassed:
        preview.partial, preview.partial_reason = True, "time_budget"
    return preview


def _side_effects(preview: RowPreview, plan: row_sets.Plan, using: str) -> None:
    """The receivers the delete fires and what Django could fast-delete,
    for the models whose rows it reaches (read from the code, no query)."""
    fast = {m._meta.label: answer for m, answer in fast_deletes(plan, using).items()}
    for label in preview.deleted:
        found = receivers(apps.get_model(label))
        if found:
            preview.signals[label] = found
        preview.fast_delete[label] = fast.get(label, False)
    for label in preview.deleted_by_database:
        found = receivers(apps.get_model(label))
        if found:
            preview.signals_not_sent[label] = found


def _named_keys(preview: RowPreview) -> Iterator[tuple[str, Any]]:
    if preview.pk is not None:
        yield preview.model, preview.pk
    for label, pks in preview.samples.items():
        yield from ((label, pk) for pk in pks)
    for _action, label, pk in preview.blockers[:BLOCKERS_LISTED]:
        yield label, pk


def _walk(preview: RowPreview, plan: row_sets.Plan, pks: list[Any], using: str) -> None:
    """Count in SQL where SQL can say it, else walk the primary keys."""
    try:
        # A savepoint: a set query the database refuses leaves the
        # transaction usable for the key walk.
        with transaction.atomic(using=using):
            _SetWalk(preview, plan, pks, using).run()
        return
    except row_sets.NeedsKeys as reason:
        why = str(reason)
    except DatabaseError as error:
        if connection_lost(using):
            raise  # no other walk would answer on it
        logger.warning("erviz: a set query failed, walking keys instead: %s", error)
        why = f"the database refused a set query ({type(error).__name__})"
    queries = preview.queries
    blank = RowPreview(model=preview.model, pk=preview.pk)
    for item in dataclasses.fields(RowPreview):
        setattr(preview, item.name, getattr(blank, item.name))
    preview.queries, preview.walk, preview.walk_reason = queries, "keys", why
    _Walk(preview, using).run(plan.root, pks)


class _SetWalk:
    """The preview as queries over sets of rows (see ``row_sets.py``): the
    blockers first, then the deleted rows, then the updates."""

    def __init__(
        self, preview: RowPreview, plan: row_sets.Plan, pks: list[Any], using: str
    ) -> None:
        self.preview = preview
        self.using = using
        self.plan = plan
        self.sets = row_sets.RowSets(plan, pks, using)
        #: Restricted rows counted before the rows deleted anyway are taken
        #: out: undecided, if the budget ends in between.
        self.tentative: dict[str, int] = {}

    def query(self, queryset: Any) -> Any:
        self.preview.queries += 1
        return row_sets.checked(queryset, self.using)

    def run(self) -> None:
        plan, rows = self.plan, self.sets
        deleted = list(dict.fromkeys([*plan.walked, *plan.deleted]))
        # Every condition is built (and its SQL measured) before the first
        # query, so a shape SQL cannot say falls back before any work.
        conditions = {model: rows.deleted(model) for model in deleted}
        for edge in plan.custom:
            row_sets.checked(rows.keys(edge.source), self.using)
        if plan.custom and row_sets.any_rows(rows, plan.custom, self.query):
            raise row_sets.CustomHandler
        try:
            self.blockers(conditions)
            for model in deleted:
                self.count_deleted(model, conditions[model])
            surviving: dict[str, int] = {}
            self.preview.updated_surviving = surviving
            for edge in plan.updates:
                found = self.count_into(self.preview.updated, edge)
                self.count_surviving(edge, found, conditions, surviving)
            for edge in plan.database_deletes:
                self.count_into(self.preview.deleted_by_database, edge, by_model=True)
            for edge in plan.database_updates:
                self.count_into(self.preview.updated_by_database, edge)
        except DeadlinePassed:
            self.preview.undecided = self.tentative
            raise
        self.count_reached(conditions)

    def count_reached(self, conditions: dict[type[models.Model], Q]) -> None:
        """The rows each relation reaches (``RowPreview.reached``): where a
        model is reached by one relation alone its own count says it, else
        one COUNT per relation. Last, in a savepoint of its own: where the
        budget ends first, the answer stays whole and ``reached`` None."""
        preview, plan, rows = self.preview, self.plan, self.sets
        reached: dict[str, int] = {}
        alone = {
            model
            for model, edges in plan.cascades.items()
            if len(edges) == 1
            and model is not plan.root
            and model not in plan.generics
            and model not in plan.parents
        }
        try:
            with transaction.atomic(using=self.using):
                for model, edges in plan.cascades.items():
                    for edge in edges:
                        if model in alone:
                            count = preview.deleted.get(model._meta.label, 0)
                        else:
                            found = rows.rows(model, rows.pointing(edge))
                            count = self.query(found).count()
                        _add(reached, edge, count)
                for key, count in preview.updated.items():
                    reached[key] = count
                for edges, by_model, restricting in (
                    (plan.protect, preview.protected_by_model, False),
                    (plan.restrict, preview.restricted_by_model, True),
                ):
                    for model, group in row_sets.grouped(edges):
                        label = model._meta.label
                        if label not in by_model:
                            continue
                        if len(group) == 1:
                            _add(reached, group[0], by_model[label])
                            continue
                        for edge in group:
                            found = rows.rows(model, rows.pointing(edge))
                            if restricting and model in conditions:
                                found = found.exclude(conditions[model])
                            _add(reached, edge, self.query(found).count())
        except DeadlinePassed:
            return
        preview.reached = reached

    def blockers(self, conditions: dict[type[models.Model], Q]) -> None:
        preview, rows = self.preview, self.sets
        protected: list[tuple[str, Any]] = []
        for model, edges in row_sets.grouped(self.plan.protect):
            found = rows.rows(model, _any(rows.pointing(e) for e in edges))
            count = self.query(found).count()
            if count:
                label = model._meta.label
                preview.protected_by_model[label] = count
                protected += [(label, pk) for pk in self.first(found)]
        preview.protected = _first_listed(protected)
        restricted: list[tuple[str, Any]] = []
        for model, edges in row_sets.grouped(self.plan.restrict):
            label = model._meta.label
            found = rows.rows(model, _any(rows.pointing(e) for e in edges))
            count = self.query(found).count()
            if not count:
                continue
            self.tentative[label] = count
            # RESTRICT lets the delete through where the rows go anyway.
            if model in conditions:
                found = found.exclude(conditions[model])
                count = self.query(found).count()
            del self.tentative[label]
            if count:
                preview.restricted_by_model[label] = count
                restricted += [(label, pk) for pk in self.first(found)]
        preview.restricted = _first_listed(restricted)

    def count_deleted(self, model: type[models.Model], condition: Q) -> None:
        found = self.sets.rows(model, condition)
        count = self.query(found).count()
        if count:
            label = model._meta.label
            self.preview.deleted[label] = count
            self.preview.samples[label] = self.first(found, SAMPLES)

    def count_into(
        self, counts: dict[str, int], edge: row_sets.Edge, by_model: bool = False
    ) -> QuerySet[Any]:
        """Count the rows ``edge`` reaches into ``counts``; those rows."""
        key = edge.model._meta.label if by_model else edge.key
        found = self.sets.rows(edge.model, self.sets.pointing(edge))
        count = self.query(found).count()
        if count:
            counts[key] = counts.get(key, 0) + count
        return found

    def count_surviving(
        self,
        edge: row_sets.Edge,
        found: QuerySet[Any],
        conditions: dict[type[models.Model], Q],
        surviving: dict[str, int],
    ) -> None:
        """Of the rows ``found`` updated through ``edge``, those the delete
        does not remove as well."""
        key = edge.key
        if key not in self.preview.updated:
            return
        if edge.model not in conditions:
            surviving[key] = self.preview.updated[key]
            return
        surviving[key] = self.query(found.exclude(conditions[edge.model])).count()

    def first(self, found: Any, n: int | None = None) -> list[Any]:
        limit = ROWS_LISTED if n is None else n
        return list(
            self.query(found.order_by("pk").values_list("pk", flat=True)[:limit])
        )


def _add(counts: dict[str, int], edge: row_sets.Edge, count: int) -> None:
    if count:
        counts[edge.key] = counts.get(edge.key, 0) + count


def _any(conditions: Iterable[Q]) -> Q:
    return functools.reduce(operator.or_, conditions)


class _CustomHandler(Exception):
    """An on_delete callable erviz cannot follow from the schema."""


class _Walk:
    def __init__(self, preview: RowPreview, using: str) -> None:
        self.preview = preview
        self.using = using
        self.deleted: dict[type[models.Model], _Keys] = defaultdict(_Keys)
        self.restricted: dict[type[models.Model], _Keys] = defaultdict(_Keys)
        self.protected: dict[type[models.Model], _Keys] = defaultdict(_Keys)
        self.updated: dict[str, int] = defaultdict(int)
        self.partial = False

    def run(self, model: type[models.Model], pks: list[Any]) -> None:
        queue: list[tuple[type[models.Model], list[Any], bool]] = [
            (model, self.deleted[model].add(pks), True)
        ]
        try:
            while queue:
                model, pks, collect_related = queue.pop(0)
                queue.extend(self.collect(model, pks, collect_related))
        except DeadlinePassed:
            self.partial = True
            raise
        finally:
            self.finish()

    def add(self, model: type[models.Model], pks: Iterable[Any]) -> list[Any]:
        """Mark rows deleted; the new ones, where they lead further."""
        return self.deleted[model].add(pks, keep=_has_dependents(model))

    def query(self, queryset: Any) -> Any:
        """Count a query; :func:`bounded` keeps it within the deadline."""
        self.preview.queries += 1
        return queryset

    def collect(
        self, model: type[models.Model], pks: list[Any], collect_related: bool
    ) -> Iterator[tuple[type[models.Model], list[Any], bool]]:
        opts: Any = model._meta
        # Multi-table inheritance: the parent rows go too (their relations are
        # the child's, which include its parents').
        for parent, ptr in opts.concrete_model._meta.parents.items():
            if ptr is not None:
                new = self.add(parent, pks)
                if new:
                    yield parent, new, False
        if not collect_related:
            return
        for related in get_candidate_relations_to_delete(opts):
            relation_field: Any = cast(Any, related).field  # a ForeignObjectRel
            action = relation_field.remote_field.on_delete
            related_model: Any = related.related_model
            for batch in _batches(pks):
                rows = related_model._base_manager.using(self.using).filter(
                    **{f"{relation_field.name}__pk__in": batch}
                )
                yield from self.apply(action, relation_field, related_model, rows)
        for private in opts.private_fields:
            if hasattr(private, "bulk_related_objects"):
                from django.contrib.contenttypes.models import ContentType

                target = private.related_model
                content_type = ContentType.objects.db_manager(self.using)
                kind = content_type.get_for_model(
                    model, for_concrete_model=private.for_concrete_model
                )
                for batch in _batches(pks):
                    rows = target._base_manager.using(self.using).filter(
                        **{
                            private.content_type_field_name: kind,
                            f"{private.object_id_field_name}__in": batch,
                        }
                    )
                    new = self.add(
                        target, self.query(rows).values_list("pk", flat=True)
                    )
                    if new:
                        yield target, new, True

    def apply(
        self,
        action: Any,
        relation_field: Any,
        related_model: type[models.Model],
        rows: Any,
    ) -> Iterator[tuple[type[models.Model], list[Any], bool]]:
        label = related_model._meta.label
        effect = resolve(action)[0].effect
        if effect == "deleted":
            new = self.add(related_model, _keys_of(self.query(rows)))
            if new:
                yield related_model, new, True
        elif effect == "protected":
            self.protected[related_model].add(_keys_of(self.query(rows)), keep=False)
        elif effect == "restricted":
            self.restricted[related_model].add(_keys_of(self.query(rows)), keep=False)
        elif effect == "updated":
            self.updated[f"{label}.{relation_field.name}"] += self.query(rows).count()
        elif effect == "deleted_by_database":
            count = self.query(rows).count()
            if count:
                self.preview.deleted_by_database[label] = (
                    self.preview.deleted_by_database.get(label, 0) + count
                )
        elif effect == "updated_by_database":
            count = self.query(rows).count()
            if count:
                key = f"{label}.{relation_field.name}"
                self.preview.updated_by_database[key] = (
                    self.preview.updated_by_database.get(key, 0) + count
                )
        elif effect == "custom":
            raise _CustomHandler

    def finish(self) -> None:
        preview = self.preview
        preview.deleted = {
            model._meta.label: len(pks) for model, pks in self.deleted.items() if pks
        }
        preview.updated = {key: count for key, count in self.updated.items() if count}
        preview.samples = {
            model._meta.label: pks.first(SAMPLES)
            for model, pks in self.deleted.items()
            if pks
        }
        preview.protected_by_model = {
            model._meta.label: len(pks) for model, pks in self.protected.items() if pks
        }
        preview.protected = _first_listed(
            (model._meta.label, pk)
            for model, pks in self.protected.items()
            for pk in pks.first(ROWS_LISTED)
        )
        # RESTRICT lets the delete through where the rows go anyway; in a
        # partial answer a restricted row not deleted yet may still be.
        waiting: dict[str, int] = {}
        listed: list[tuple[str, Any]] = []
        for model, pks in self.restricted.items():
            label, deleted = model._meta.label, self.deleted[model]
            count = pks.count_not_in(deleted)
            if count:
                waiting[label] = count
                if not self.partial:
                    listed += [
                        (label, pk) for pk in pks.first_not_in(deleted, ROWS_LISTED)
                    ]
        if self.partial:
            preview.undecided = waiting
        else:
            preview.restricted_by_model = waiting
            preview.restricted = _first_listed(listed)


def _first_listed(rows: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The first ROWS_LISTED (model label, pk), by label and pk."""
    return heapq.nsmallest(ROWS_LISTED, rows, key=_order)


def _pk_order(pk: Any) -> tuple[int, str]:
    """Numerically for integer keys, else by text."""
    return (pk, "") if isinstance(pk, int) else (0, str(pk))


def _order(item: tuple[str, Any]) -> tuple[str, tuple[int, str]]:
    return item[0], _pk_order(item[1])


def _keys_of(rows: Any) -> Iterator[Any]:
    """Primary keys streamed from the database, never all in one list."""
    return within_deadline(rows.values_list("pk", flat=True).iterator(chunk_size=2000))


@functools.cache
def _has_dependents(model: type[models.Model]) -> bool:
    """Whether deleting rows of ``model`` can reach further rows: a relation
    pointing at it, a multi-table parent, or a generic relation. Rows of a
    model without any are only counted, their keys are not walked further."""
    opts: Any = model._meta
    return bool(
        any(True for _ in get_candidate_relations_to_delete(opts))
        or any(ptr is not None for ptr in opts.concrete_model._meta.parents.values())
        or any(hasattr(f, "bulk_related_objects") for f in opts.private_fields)
    )


def _batches(pks: list[Any]) -> Iterator[list[Any]]:
    # No sorting: a sorted copy of a large cascade's keys would double the
    # memory the walk needs, and the counts do not depend on the order.
    iterator = iter(pks)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _listed(objs: Iterable[Any]) -> tuple[list[tuple[str, Any]], dict[str, int]]:
    rows = {(obj._meta.label, obj.pk) for obj in objs}
    counts: dict[str, int] = defaultdict(int)
    for label, _pk in rows:
        counts[label] += 1
    return _first_listed(rows), dict(counts)


def _with_collector(
    model: type[models.Model], pks: list[Any], using: str, pk: Any
) -> RowPreview:
    """Django's Collector, for a delete erviz cannot derive from the schema."""
    preview = RowPreview(model=model._meta.label, pk=pk, collector=True)
    collector = Collector(using=using)
    try:
        # The handler is the project's code: a savepoint keeps the preview's
        # transaction usable when it tries to write and the database refuses.
        with transaction.atomic(using=using):
            collector.collect(model._base_manager.using(using).filter(pk__in=pks))
    except models.ProtectedError as error:
        preview.protected, preview.protected_by_model = _listed(error.protected_objects)
        # The Collector stops collecting under a protected row: what it
        # found is a lower bound.
        preview.partial, preview.partial_reason = True, "protected"
    except models.RestrictedError as error:
        preview.restricted, preview.restricted_by_model = _listed(
            error.restricted_objects
        )
    except DeadlinePassed:
        # What it collected so far, without another query.
        preview.partial, preview.partial_reason = True, "time_budget"
        preview.deleted = {
            m._meta.label: len({o.pk for o in objs})
            for m, objs in collector.data.items()
            if objs
        }
        return preview
    except DatabaseError as error:  # ProtectedError is one too: caught above
        preview.error = (
            "A custom on_delete handler on the way tried to write to the "
            f"database ({type(error).__name__}); a preview never writes, so this "
            "delete cannot be previewed. Django's own delete page runs it."
        )
        return preview
    counts: dict[str, set[Any]] = defaultdict(set)
    for model, instances in collector.data.items():
        counts[model._meta.label] |= {o.pk for o in instances}
    for queryset in collector.fast_deletes:
        counts[queryset.model._meta.label] |= set(queryset.values_list("pk", flat=True))
    preview.deleted = {label: len(pks) for label, pks in counts.items() if pks}
    preview.samples = {
        label: sorted(pks, key=_pk_order)[:SAMPLES]
        for label, pks in counts.items()
        if pks
    }
    updated: dict[str, int] = defaultdict(int)
    for (update_field, _value), batches in collector.field_updates.items():
        for batch in batches:
            rows: Any = batch  # a QuerySet, or a list of instances
            count = rows.count() if isinstance(rows, QuerySet) else len(rows)
            updated[f"{update_field.model._meta.label}.{update_field.name}"] += count
    preview.updated = {key: count for key, count in updated.items() if count}
    return preview
