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
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db import DatabaseError, Error, models, router, transaction
from django.db.models import QuerySet
from django.db.models.deletion import Collector

from ..conf import get_config
from . import row_sets
from .database import connection_lost
from .deadline import DeadlinePassed, bounded, read_only
from .key_walk import KeyWalk
from .naming import name_rows
from .row_preview import (
    BLOCKERS_LISTED,
    SAMPLES,
    Counts,
    PartialReason,
    RowPreview,
    Walk,
    listed,
    pk_order,
)
from .row_sets import plan_delete
from .set_walk import SetWalk
from .signals import fast_deletes, receivers

logger = logging.getLogger("erviz")


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
    # The relations the delete follows (no query): the set walk counts
    # along them, and the receivers and fast deletes are read from them.
    plan = plan_delete(model)
    deadline = None if time_budget is None else time.monotonic() + time_budget
    found = Found(Counts())
    names: dict[tuple[str, Any], str] = {}
    fault = None
    try:
        with read_only(using):
            found = _counted(model, plan, pks, using, deadline, collector)
            if found.error is None:
                names = _names(found.counts, model, pk, using, deadline, may_name)
    except Error as error:  # DatabaseError, and InterfaceError beside it
        # A table that is not there, or a connection lost (Django drops it
        # when ending the transaction fails, and that raises too).
        logger.warning("erviz: the preview's database failed: %s", error)
        fault = type(error).__name__
    return RowPreview(
        model=model._meta.label,
        pk=pk,
        database=using,
        walk=found.walk,
        walk_reason=found.walk_reason,
        collector=found.walk is Walk.COLLECTOR,
        names=names,
        error=found.error,
        fault=fault,
        **_side_effects(found.counts, plan, using),
        **found.counts.fields(),
    )


@dataclasses.dataclass(frozen=True)
class Found:
    """What one of the walks found, and which walk it was."""

    counts: Counts
    walk: Walk = Walk.SQL
    walk_reason: str | None = None
    #: Why nothing could be counted (a custom on_delete that writes).
    error: str | None = None


def _counted(
    model: type[models.Model],
    plan: row_sets.Plan,
    pks: list[Any],
    using: str,
    deadline: float | None,
    collector: bool,
) -> Found:
    """The rows counted, inside the read-only transaction: in SQL where SQL
    can say it, else by walking the primary keys, else (a custom on_delete
    handler) by Django's Collector; partial where the deadline passed."""
    sets = SetWalk(plan, pks, using)
    keys: KeyWalk | None = None
    why: str | None = None
    partial = None
    try:
        # A statement stopped for time aborts a PostgreSQL transaction:
        # this savepoint is rolled back to, and the names read after it.
        with transaction.atomic(using=using), bounded(using, deadline):
            try:
                why = _by_sets(sets, using)
                if why is not None:
                    keys = KeyWalk(using, queries=sets.queries)
                    keys.run(plan.root, pks)
            except row_sets.CustomHandler:
                if not collector:
                    return Found(Counts(), Walk.COLLECTOR, _CUSTOM)
                counts, error = _with_collector(model, pks, using)
                return Found(counts, Walk.COLLECTOR, _CUSTOM, error)
    except DeadlinePassed:
        partial = PartialReason.TIME_BUDGET
    if keys is not None:
        return Found(keys.counts(partial), Walk.KEYS, why)
    return Found(sets.counts(partial))


_CUSTOM = "a custom on_delete handler"


def _by_sets(walk: SetWalk, using: str) -> str | None:
    """Count in SQL; None where SQL said it all, else why the primary keys
    must be walked instead."""
    try:
        # A savepoint: a set query the database refuses leaves the
        # transaction usable for the key walk.
        with transaction.atomic(using=using):
            walk.run()
        return None
    except row_sets.NeedsKeys as reason:
        return str(reason)
    except DatabaseError as error:
        if connection_lost(using):
            raise  # no other walk would answer on it
        logger.warning("erviz: a set query failed, walking keys instead: %s", error)
        return f"the database refused a set query ({type(error).__name__})"


def _names(
    counts: Counts,
    model: type[models.Model],
    pk: Any,
    using: str,
    deadline: float | None,
    may_name: Callable[[str], bool],
) -> dict[tuple[str, Any], str]:
    """The text of the row, its sample and listed blocking rows, where
    ``may_name`` allows: bounded by a second of its own past the budget."""
    naming = None if deadline is None else max(deadline, time.monotonic()) + 1
    try:
        with bounded(using, naming):
            return name_rows(_named_keys(counts, model, pk), using, may_name)
    except DeadlinePassed:
        return {}  # the rows stay unnamed: shown by pk


def _side_effects(counts: Counts, plan: row_sets.Plan, using: str) -> dict[str, Any]:
    """The receivers the delete fires and what Django could fast-delete,
    for the models whose rows it reaches (read from the code, no query)."""
    fast = {m._meta.label: answer for m, answer in fast_deletes(plan, using).items()}
    registry = plan.root._meta.apps  # the project's, or a test's own
    signals, signals_not_sent = {}, {}
    for label in counts.deleted:
        if found := receivers(registry.get_model(label)):
            signals[label] = found
    for label in counts.deleted_by_database:
        if found := receivers(registry.get_model(label)):
            signals_not_sent[label] = found
    return {
        "signals": signals,
        "signals_not_sent": signals_not_sent,
        "fast_delete": {label: fast.get(label, False) for label in counts.deleted},
    }


def _named_keys(
    counts: Counts, model: type[models.Model], pk: Any
) -> Iterator[tuple[str, Any]]:
    if pk is not None:
        yield model._meta.label, pk
    for label, pks in counts.samples.items():
        yield from ((label, pk) for pk in pks)
    blockers = [*counts.protected, *counts.restricted]
    yield from blockers[:BLOCKERS_LISTED]


def _with_collector(
    model: type[models.Model], pks: list[Any], using: str
) -> tuple[Counts, str | None]:
    """Django's Collector, for a delete erviz cannot derive from the schema:
    what it counted, or why it could not."""
    collector = Collector(using=using)
    try:
        # The handler is the project's code: a savepoint keeps the preview's
        # transaction usable when it tries to write and the database refuses.
        with transaction.atomic(using=using):
            collector.collect(model._base_manager.using(using).filter(pk__in=pks))
    except models.ProtectedError as error:
        protected, by_model = listed(error.protected_objects)
        # The Collector stops collecting under a protected row: what it
        # found is a lower bound.
        return Counts(
            protected=protected,
            protected_by_model=by_model,
            partial_reason=PartialReason.PROTECTED,
        ), None
    except models.RestrictedError as error:
        restricted, by_model = listed(error.restricted_objects)
        return Counts(restricted=restricted, restricted_by_model=by_model), None
    except DeadlinePassed:
        # What it collected so far, without another query.
        deleted = {
            m._meta.label: len({o.pk for o in objs})
            for m, objs in collector.data.items()
            if objs
        }
        return Counts(deleted=deleted, partial_reason=PartialReason.TIME_BUDGET), None
    except DatabaseError as error:  # ProtectedError is one too: caught above
        return Counts(), (
            "A custom on_delete handler on the way tried to write to the "
            f"database ({type(error).__name__}); a preview never writes, so this "
            "delete cannot be previewed. Django's own delete page runs it."
        )
    counts: dict[str, set[Any]] = defaultdict(set)
    for model, instances in collector.data.items():
        counts[model._meta.label] |= {o.pk for o in instances}
    for queryset in collector.fast_deletes:
        counts[queryset.model._meta.label] |= set(queryset.values_list("pk", flat=True))
    updated: dict[str, int] = defaultdict(int)
    for (update_field, _value), batches in collector.field_updates.items():
        for batch in batches:
            rows: Any = batch  # a QuerySet, or a list of instances
            count = rows.count() if isinstance(rows, QuerySet) else len(rows)
            updated[f"{update_field.model._meta.label}.{update_field.name}"] += count
    return Counts(
        deleted={label: len(pks) for label, pks in counts.items() if pks},
        samples={
            label: sorted(pks, key=pk_order)[:SAMPLES]
            for label, pks in counts.items()
            if pks
        },
        updated={key: count for key, count in updated.items() if count},
    ), None
