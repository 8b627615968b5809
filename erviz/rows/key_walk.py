"""The delete preview by primary keys: Django's Collector's walk, level by
level, one query per relation and batch of keys, no model instance loaded.
The fallback where the set walk (``set_walk.py``) cannot say it in SQL."""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, cast

from django.db import models
from django.db.models.deletion import get_candidate_relations_to_delete

from ..on_delete import resolve
from . import row_preview, row_sets
from .deadline import within_deadline
from .row_preview import SAMPLES, Counts, PartialReason, first_listed, pk_order

BATCH = 500


class Keys:
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

    def count_not_in(self, other: Keys) -> int:
        """How many of these keys ``other`` lacks, in C: a bitwise AND of
        the two bitmaps counts what they share."""
        size = min(len(self.bits), len(other.bits))
        shared = (
            int.from_bytes(self.bits[:size], "little")
            & int.from_bytes(other.bits[:size], "little")
        ).bit_count()
        return self.count - shared - len(self.other & other.other)

    def first_not_in(self, other: Keys, n: int) -> list[Any]:
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
        return found + heapq.nsmallest(n - len(found), self.other, key=pk_order)

    def __iter__(self) -> Iterator[Any]:
        for byte, value in enumerate(self.bits):
            if value:
                yield from ((byte << 3) + bit for bit in range(8) if value >> bit & 1)
        yield from self.other


class KeyWalk:
    def __init__(self, using: str, queries: int = 0) -> None:
        self.using = using
        #: Queries run, counting those of the walk before this one.
        self.queries = queries
        self.deleted: dict[type[models.Model], Keys] = defaultdict(Keys)
        self.restricted: dict[type[models.Model], Keys] = defaultdict(Keys)
        self.protected: dict[type[models.Model], Keys] = defaultdict(Keys)
        self.updated: dict[str, int] = defaultdict(int)
        self.deleted_by_database: dict[str, int] = defaultdict(int)
        self.updated_by_database: dict[str, int] = defaultdict(int)

    def run(self, model: type[models.Model], pks: list[Any]) -> None:
        queue: list[tuple[type[models.Model], list[Any], bool]] = [
            (model, self.deleted[model].add(pks), True)
        ]
        while queue:
            model, pks, collect_related = queue.pop(0)
            queue.extend(self.collect(model, pks, collect_related))

    def add(self, model: type[models.Model], pks: Iterable[Any]) -> list[Any]:
        """Mark rows deleted; the new ones, where they lead further."""
        return self.deleted[model].add(pks, keep=_has_dependents(model))

    def query(self, queryset: Any) -> Any:
        """Count a query; :func:`bounded` keeps it within the deadline."""
        self.queries += 1
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
            for batch in batches(pks):
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
                for batch in batches(pks):
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
            new = self.add(related_model, keys_of(self.query(rows)))
            if new:
                yield related_model, new, True
        elif effect == "protected":
            self.protected[related_model].add(keys_of(self.query(rows)), keep=False)
        elif effect == "restricted":
            self.restricted[related_model].add(keys_of(self.query(rows)), keep=False)
        elif effect == "updated":
            self.updated[f"{label}.{relation_field.name}"] += self.query(rows).count()
        elif effect == "deleted_by_database":
            self.deleted_by_database[label] += self.query(rows).count()
        elif effect == "updated_by_database":
            key = f"{label}.{relation_field.name}"
            self.updated_by_database[key] += self.query(rows).count()
        elif effect == "custom":
            raise row_sets.CustomHandler

    def counts(self, partial_reason: PartialReason | None = None) -> Counts:
        """What the walk counted, whole or (``partial_reason``) so far."""
        # RESTRICT lets the delete through where the rows go anyway; in a
        # partial answer a restricted row not deleted yet may still be.
        waiting: dict[str, int] = {}
        listed: list[tuple[str, Any]] = []
        for model, pks in self.restricted.items():
            label, deleted = model._meta.label, self.deleted[model]
            count = pks.count_not_in(deleted)
            if count:
                waiting[label] = count
                if partial_reason is None:
                    listed += [
                        (label, pk)
                        for pk in pks.first_not_in(deleted, row_preview.ROWS_LISTED)
                    ]
        return Counts(
            deleted=_labelled({m: len(pks) for m, pks in self.deleted.items()}),
            samples={
                model._meta.label: pks.first(SAMPLES)
                for model, pks in self.deleted.items()
                if pks
            },
            updated=_nonzero(self.updated),
            deleted_by_database=_nonzero(self.deleted_by_database),
            updated_by_database=_nonzero(self.updated_by_database),
            protected_by_model=_labelled(
                {m: len(pks) for m, pks in self.protected.items()}
            ),
            protected=first_listed(
                (model._meta.label, pk)
                for model, pks in self.protected.items()
                for pk in pks.first(row_preview.ROWS_LISTED)
            ),
            undecided=waiting if partial_reason else {},
            restricted_by_model={} if partial_reason else waiting,
            restricted=first_listed(listed),
            queries=self.queries,
            partial_reason=partial_reason,
        )


def _labelled(counts: dict[type[models.Model], int]) -> dict[str, int]:
    return {model._meta.label: count for model, count in counts.items() if count}


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {key: count for key, count in counts.items() if count}


def keys_of(rows: Any) -> Iterator[Any]:
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


def batches(pks: list[Any]) -> Iterator[list[Any]]:
    # No sorting: a sorted copy of a large cascade's keys would double the
    # memory the walk needs, and the counts do not depend on the order.
    iterator = iter(pks)
    while batch := list(islice(iterator, BATCH)):
        yield batch
