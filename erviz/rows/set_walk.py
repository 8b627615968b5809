"""The delete preview as queries over sets of rows (``row_sets.py``): the
blockers first, then the deleted rows, then the updates, then the rows each
relation reaches."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Q, QuerySet

from . import row_preview, row_sets
from .deadline import DeadlinePassed
from .row_preview import SAMPLES, Counts, PartialReason, first_listed


class SetWalk:
    """The preview as queries over sets of rows (see ``row_sets.py``): the
    blockers first, then the deleted rows, then the updates."""

    def __init__(self, plan: row_sets.Plan, pks: list[Any], using: str) -> None:
        self.using = using
        self.plan = plan
        self.sets = row_sets.RowSets(plan, pks, using)
        self.queries = 0
        self.deleted: dict[str, int] = {}
        self.samples: dict[str, list[Any]] = {}
        self.updated: dict[str, int] = {}
        self.surviving: dict[str, int] | None = None
        self.deleted_by_database: dict[str, int] = {}
        self.updated_by_database: dict[str, int] = {}
        self.protected: list[tuple[str, Any]] = []
        self.protected_by_model: dict[str, int] = {}
        self.restricted: list[tuple[str, Any]] = []
        self.restricted_by_model: dict[str, int] = {}
        #: Restricted rows counted before the rows deleted anyway are taken
        #: out: undecided, if the budget ends in between.
        self.tentative: dict[str, int] = {}
        self.reached: dict[str, int] | None = None

    def counts(self, partial_reason: PartialReason | None = None) -> Counts:
        """What the walk counted, whole or (``partial_reason``) so far."""
        return Counts(
            deleted=self.deleted,
            samples=self.samples,
            updated=self.updated,
            updated_surviving=self.surviving,
            deleted_by_database=self.deleted_by_database,
            updated_by_database=self.updated_by_database,
            protected=first_listed(self.protected),
            protected_by_model=self.protected_by_model,
            restricted=first_listed(self.restricted),
            restricted_by_model=self.restricted_by_model,
            # Empty unless the deadline came between a restricted count and
            # the count of those not deleted anyway.
            undecided=self.tentative,
            reached=self.reached,
            queries=self.queries,
            partial_reason=partial_reason,
        )

    def query(self, queryset: Any) -> Any:
        self.queries += 1
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
        self.blockers(conditions)
        for model in deleted:
            self.count_deleted(model, conditions[model])
        surviving: dict[str, int] = {}
        self.surviving = surviving
        for edge in plan.updates:
            found = self.count_into(self.updated, edge)
            self.count_surviving(edge, found, conditions, surviving)
        for edge in plan.database_deletes:
            self.count_into(self.deleted_by_database, edge, by_model=True)
        for edge in plan.database_updates:
            self.count_into(self.updated_by_database, edge)
        self.count_reached(conditions)

    def count_reached(self, conditions: dict[type[models.Model], Q]) -> None:
        """The rows each relation reaches (``RowPreview.reached``): where a
        model is reached by one relation alone its own count says it, else
        one COUNT per relation. Last, in a savepoint of its own: where the
        budget ends first, the answer stays whole and ``reached`` None."""
        plan, rows = self.plan, self.sets
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
                            count = self.deleted.get(model._meta.label, 0)
                        else:
                            found = rows.rows(model, rows.pointing(edge))
                            count = self.query(found).count()
                        _add(reached, edge, count)
                for key, count in self.updated.items():
                    reached[key] = count
                for edges, by_model, restricting in (
                    (plan.protect, self.protected_by_model, False),
                    (plan.restrict, self.restricted_by_model, True),
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
        self.reached = reached

    def blockers(self, conditions: dict[type[models.Model], Q]) -> None:
        rows = self.sets
        for model, edges in row_sets.grouped(self.plan.protect):
            found = rows.rows(model, _any(rows.pointing(e) for e in edges))
            count = self.query(found).count()
            if count:
                label = model._meta.label
                self.protected_by_model[label] = count
                self.protected += [(label, pk) for pk in self.first(found)]
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
                self.restricted_by_model[label] = count
                self.restricted += [(label, pk) for pk in self.first(found)]

    def count_deleted(self, model: type[models.Model], condition: Q) -> None:
        found = self.sets.rows(model, condition)
        count = self.query(found).count()
        if count:
            label = model._meta.label
            self.deleted[label] = count
            self.samples[label] = self.first(found, SAMPLES)

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
        if key not in self.updated:
            return
        if edge.model not in conditions:
            surviving[key] = self.updated[key]
            return
        surviving[key] = self.query(found.exclude(conditions[edge.model])).count()

    def first(self, found: Any, n: int | None = None) -> list[Any]:
        limit = row_preview.ROWS_LISTED if n is None else n
        return list(
            self.query(found.order_by("pk").values_list("pk", flat=True)[:limit])
        )


def _add(counts: dict[str, int], edge: row_sets.Edge, count: int) -> None:
    if count:
        counts[edge.key] = counts.get(edge.key, 0) + count


def _any(conditions: Iterable[Q]) -> Q:
    return functools.reduce(operator.or_, conditions)
