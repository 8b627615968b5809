"""A row's delete preview as a record: what deleting rows would do, and
the JSON of ``erviz cascade --pk`` (``docs/contracts.md``)."""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..on_delete import by_effect

#: Blocking rows listed by pk in a preview (each is counted): a list of a
#: million protected rows would cost more than the walk itself.
ROWS_LISTED = 1000


SAMPLES = 5


class Walk(StrEnum):
    """How a preview counted its rows (``"walk"`` in the JSON)."""

    #: Each set of rows a query (row_sets.py, set_walk.py).
    SQL = "sql"
    #: Primary keys walked in batches, where SQL cannot say it (key_walk.py).
    KEYS = "keys"
    #: Django's Collector, for a custom on_delete handler.
    COLLECTOR = "collector"


class PartialReason(StrEnum):
    """Why a preview's counts are lower bounds (``"partial_reason"``)."""

    #: The time budget ran out, or a statement was cancelled.
    TIME_BUDGET = "time_budget"
    #: Django's Collector stops collecting under a protected row.
    PROTECTED = "protected"


@dataclass(frozen=True, kw_only=True)
class Counts:
    """What a walk counted: each walk keeps its own working state and builds
    this once, when it ends (also when the deadline stops it)."""

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
    #: A few primary keys of the deleted rows, per model, to show.
    samples: dict[str, list[Any]] = field(default_factory=dict)
    #: Of ``updated``, the rows that are not deleted by the same delete
    #: (Django updates them first all the same); None where the walk could
    #: not tell (walk "keys" or "collector").
    updated_surviving: dict[str, int] | None = None
    #: The rows reached through each relation ("app.Model.field", the model
    #: that holds the field): deleted, updated or blocking rows that point
    #: at rows the delete removes. Counted last and only in SQL; None where
    #: they were not (walk "keys" or "collector", or no time left).
    reached: dict[str, int] | None = None
    queries: int = 0
    #: Why the counts are lower bounds (None: they are not).
    partial_reason: PartialReason | None = None

    def fields(self) -> dict[str, Any]:
        """The counts as keyword arguments, for the preview that holds them."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(Counts)}


@dataclass(frozen=True, kw_only=True)
class RowPreview(Counts):
    """What deleting rows would do: the walk's counts, and what the preview
    learnt around them. Built once, when the preview ends; the page, the
    admin summary, the command's text and its JSON all read this record."""

    model: str
    pk: Any
    #: The database alias the rows were counted on.
    database: str
    #: How the rows were counted; ``walk_reason`` says why not in SQL.
    walk: Walk = Walk.SQL
    walk_reason: str | None = None
    #: True when Django's Collector did the work (a custom on_delete).
    collector: bool = False
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

    @property
    def partial(self) -> bool:
        """The counts are lower bounds (``partial_reason`` says why)."""
        return self.partial_reason is not None

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
        """(action, model label, pk) of every blocking row, the protected
        first."""
        protect, restrict = by_effect("protected"), by_effect("restricted")
        return [
            *((protect.name, label, pk) for label, pk in self.protected),
            *((restrict.name, label, pk) for label, pk in self.restricted),
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


#: Blocking rows named; the rest are counted.
BLOCKERS_LISTED = 50


def first_listed(rows: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The first ROWS_LISTED (model label, pk), by label and pk."""
    return heapq.nsmallest(ROWS_LISTED, rows, key=_order)


def pk_order(pk: Any) -> tuple[int, str]:
    """Numerically for integer keys, else by text."""
    return (pk, "") if isinstance(pk, int) else (0, str(pk))


def _order(item: tuple[str, Any]) -> tuple[str, tuple[int, str]]:
    return item[0], pk_order(item[1])


def listed(objs: Iterable[Any]) -> tuple[list[tuple[str, Any]], dict[str, int]]:
    rows = {(obj._meta.label, obj.pk) for obj in objs}
    counts: dict[str, int] = defaultdict(int)
    for label, _pk in rows:
        counts[label] += 1
    return first_listed(rows), dict(counts)
