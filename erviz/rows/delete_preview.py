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

from django.apps import apps
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
            except row_sets.CustomHandler:
                preview = (
                    _with_collector(model, pks, using, preview.pk)
                    if collector
                    else RowPreview(model=preview.model, pk=preview.pk, collector=True)
                )
                preview.walk = Walk.COLLECTOR
                preview.walk_reason = "a custom on_delete handler"
    except DeadlinePassed:
        preview.partial, preview.partial_reason = True, PartialReason.TIME_BUDGET
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
            SetWalk(preview, plan, pks, using).run()
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
    preview.queries, preview.walk, preview.walk_reason = queries, Walk.KEYS, why
    KeyWalk(preview, using).run(plan.root, pks)


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
        preview.protected, preview.protected_by_model = listed(error.protected_objects)
        # The Collector stops collecting under a protected row: what it
        # found is a lower bound.
        preview.partial, preview.partial_reason = True, PartialReason.PROTECTED
    except models.RestrictedError as error:
        preview.restricted, preview.restricted_by_model = listed(
            error.restricted_objects
        )
    except DeadlinePassed:
        # What it collected so far, without another query.
        preview.partial, preview.partial_reason = True, PartialReason.TIME_BUDGET
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
        label: sorted(pks, key=pk_order)[:SAMPLES]
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
