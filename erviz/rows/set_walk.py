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
from .row_preview import (
    SAMPLES,
    RowPreview,
    first_listed,
)


class SetWalk:
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
        preview.protected = first_listed(protected)
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
        preview.restricted = first_listed(restricted)

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
        limit = row_preview.ROWS_LISTED if n is None else n
        return list(
            self.query(found.order_by("pk").values_list("pk", flat=True)[:limit])
        )


def _add(counts: dict[str, int], edge: row_sets.Edge, count: int) -> None:
    if count:
        counts[edge.key] = counts.get(edge.key, 0) + count


def _any(conditions: Iterable[Q]) -> Q:
    return functools.reduce(operator.or_, conditions)
