"""What one row is connected to: the rows it points at, and the rows of
every accessor that leads away from it, counted.

The same rules as the delete preview: everything runs inside a rolled-back
transaction (declared read only on PostgreSQL), loading and naming a row
runs in a savepoint of its own (``post_init`` receivers and ``__str__`` are
the project's code), every statement keeps the time budget, and only models
``may_name`` allows are named or listed: the others are counted at most.
Each accessor costs one COUNT through Django's own related manager (so the
count is ``getattr(row, accessor).count()``), and an opened one a LIMIT.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import Error, models, transaction

from ..conf import get_config
from .database import connection_lost
from .deadline import DeadlinePassed, bounded, read_only
from .naming import name_rows, row_text

#: Rows listed per page of an opened accessor.
PAGE_SIZE = 20


@dataclass
class Forward:
    """A relation the row holds: the one row it points at (or none)."""

    field: str
    target: str
    pk: Any = None
    #: ``str()`` of the row pointed at, where the model may be named.
    text: str | None = None


@dataclass
class Many:
    """An accessor to other rows, with its count: a reverse foreign key,
    either side of a many-to-many, a generic relation (to many rows), or a
    reverse one-to-one (to one row or none: ``place.restaurant``)."""

    accessor: str
    #: The model whose rows the accessor gives.
    model: str
    #: The field that makes the relation (on ``model`` for a reverse one).
    field: str
    #: "reverse" (the field is on the other model) or "forward".
    direction: str
    #: None where it was not counted (the budget ran out, or it failed).
    count: int | None = None
    #: The listed page of rows, (pk, text), where the accessor was opened.
    rows: list[tuple[Any, str]] = dataclasses.field(default_factory=list)
    #: The relation ``_meta`` gave for it (a reverse relation object, or
    #: the row's own many-to-many or generic relation field).
    relation: Any = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def many(self) -> bool:
        """False for a reverse one-to-one, which gives one row or none."""
        return not (
            self.direction == "reverse" and getattr(self.relation, "one_to_one", False)
        )


@dataclass
class RelatedRows:
    model: str
    pk: Any
    text: str = ""
    forward: list[Forward] = dataclasses.field(default_factory=list)
    reverse: list[Many] = dataclasses.field(default_factory=list)
    partial: bool = False
    queries: int = 0
    database: str = ""
    #: The class name of the database error that stopped the answer (a
    #: table that is not there, a connection lost); None when it answered.
    fault: str | None = None

    def document(self) -> dict[str, Any]:
        """The JSON of ``erviz rows APP.Model --pk PK``."""
        return {
            "model": self.model,
            "pk": self.pk,
            "str": self.text,
            "forward": [
                {"field": f.field, "target": f.target, "pk": f.pk, "str": f.text}
                for f in self.forward
            ],
            "reverse": [
                {
                    "accessor": m.accessor,
                    "model": m.model,
                    "field": m.field,
                    "direction": m.direction,
                    "many": m.many,
                    "count": m.count,
                }
                for m in self.reverse
            ],
            "partial": self.partial,
            "database": self.database,
        }


def _everyone(label: str) -> bool:
    return True


def related_rows(
    model: type[models.Model],
    pk: Any,
    using: str,
    *,
    may_name: Callable[[str], bool] = _everyone,
    opened: str | None = None,
    page: int = 1,
    time_budget: float | None = None,
) -> RelatedRows:
    """The row ``pk`` of ``model`` and what it is connected to; the rows of
    the accessor ``opened`` listed, ``page`` (from 1) of PAGE_SIZE."""
    if time_budget is None:
        time_budget = get_config()["PREVIEW_TIME_BUDGET"]
    found = RelatedRows(model=model._meta.label, pk=pk, database=using)
    deadline = time.monotonic() + time_budget
    try:
        with read_only(using):
            _read(found, model, pk, using, deadline, may_name, opened, page)
    except DeadlinePassed:
        found.partial = True
    except Error as error:  # DatabaseError, and InterfaceError beside it
        # A table that is not there, or a connection lost (Django drops it
        # when ending the transaction fails, and that raises too).
        found.fault = type(error).__name__
    return found


def _read(
    found: RelatedRows,
    model: type[models.Model],
    pk: Any,
    using: str,
    deadline: float,
    may_name: Callable[[str], bool],
    opened: str | None,
    page: int,
) -> None:
    """Fill ``found`` in, inside the read-only transaction."""
    obj = _load(model, pk, using)
    found.text = row_text(obj, using)
    found.forward = _forward(obj, using)
    found.reverse = _accessors(obj)
    try:
        with transaction.atomic(using=using), bounded(using, deadline):
            for many in found.reverse:
                many.count = _count(obj, many, using)
                found.queries += 1
            listed = next((m for m in found.reverse if m.accessor == opened), None)
            if listed is not None and may_name(listed.model):
                listed.rows = _page(obj, listed, page, using)
                found.queries += 1
    except DeadlinePassed:
        found.partial = True
    with bounded(using, max(deadline, time.monotonic()) + 1):
        names = name_rows(
            ((f.target, f.pk) for f in found.forward if f.pk is not None),
            using,
            may_name,
        )
    for forward in found.forward:
        forward.text = names.get((forward.target, forward.pk))


def _load(model: type[models.Model], pk: Any, using: str) -> models.Model:
    with transaction.atomic(using=using):
        return model._base_manager.using(using).get(pk=pk)


def _forward(obj: models.Model, using: str) -> list[Forward]:
    """The foreign keys, one-to-ones and generic foreign keys of the row,
    with the primary key each points at (read from the row's own columns;
    a ``to_field`` other than the key costs one query)."""
    opts = obj._meta
    forward: list[Forward] = []
    for relation in opts.get_fields():
        # Any object a third-party app put in _meta (not every one is a
        # Django field) is read through getattr.
        many_to_one, one_to_one = (
            getattr(relation, name, False) for name in ("many_to_one", "one_to_one")
        )
        if not (getattr(relation, "concrete", False) and (many_to_one or one_to_one)):
            continue
        related: Any = getattr(relation, "related_model", None)
        if related is None:
            continue
        concrete: Any = relation
        value = getattr(obj, concrete.attname, None)
        target_pk = value
        if value is not None and not concrete.target_field.primary_key:
            with transaction.atomic(using=using):
                target_pk = (
                    related._base_manager.using(using)
                    .filter(**{concrete.target_field.attname: value})
                    .values_list("pk", flat=True)
                    .first()
                )
        forward.append(Forward(relation.name, related._meta.label, target_pk))
    generic = _generic()
    for private in opts.private_fields:
        if generic is not None and isinstance(private, generic.foreign_key):
            content_type = getattr(obj, f"{private.ct_field}_id", None)
            object_id = getattr(obj, private.fk_field, None)
            if content_type is None:
                continue
            with transaction.atomic(using=using):
                target = (
                    generic.content_type.objects.db_manager(using)
                    .get_for_id(content_type)
                    .model_class()
                )
            if target is not None:
                forward.append(Forward(private.name, target._meta.label, object_id))
    return forward


@dataclass(frozen=True)
class _Generic:
    foreign_key: Any
    relation: Any
    content_type: Any


def _generic() -> _Generic | None:
    """contenttypes' generic fields and ContentType, where it is installed
    (its fields module imports its models, which fail where it is not)."""
    if not apps.is_installed("django.contrib.contenttypes"):
        return None
    from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
    from django.contrib.contenttypes.models import ContentType

    return _Generic(GenericForeignKey, GenericRelation, ContentType)


def _accessors(obj: models.Model) -> list[Many]:
    """Every accessor to other rows (to many, and reverse one-to-ones), in
    the order ``_meta`` lists them; reverse relations Django hides
    (``related_name="+"``) have none."""
    opts = obj._meta
    found: list[Many] = []
    generic = _generic()
    for relation in opts.get_fields(include_hidden=True):
        related: Any = getattr(relation, "related_model", None)
        if related is None:
            continue
        label = related._meta.label
        if relation.auto_created and not relation.concrete:
            rel: Any = relation
            accessor = rel.get_accessor_name()
            if not accessor or rel.hidden:
                continue
            found.append(Many(accessor, label, rel.field.name, "reverse", relation=rel))
        elif relation.many_to_many or (
            generic is not None and isinstance(relation, generic.relation)
        ):
            name = relation.name
            found.append(Many(name, label, name, "forward", relation=relation))
    return found


def _rows(obj: models.Model, many: Many) -> models.QuerySet[Any]:
    """The rows of the accessor, as Django's related manager gives them."""
    relation = many.relation
    if many.direction == "reverse" and relation.one_to_one:
        # A reverse one-to-one gives the row itself, not a manager.
        model: Any = relation.related_model
        return model._base_manager.filter(**{relation.field.name: obj})
    return getattr(obj, many.accessor).all()


def _count(obj: models.Model, many: Many, using: str) -> int | None:
    try:
        with transaction.atomic(using=using):
            return int(_rows(obj, many).using(using).count())
    except DeadlinePassed:
        raise
    except Exception:
        if connection_lost(using):
            raise
        return None  # a manager that raises: that accessor is not counted


def _page(
    obj: models.Model, many: Many, page: int, using: str
) -> list[tuple[Any, str]]:
    start = (page - 1) * PAGE_SIZE
    try:
        with transaction.atomic(using=using):
            rows = list(
                _rows(obj, many).using(using).order_by("pk")[start : start + PAGE_SIZE]
            )
    except DeadlinePassed:
        raise
    except Exception:
        if connection_lost(using):
            raise
        return []
    return [(row.pk, row_text(row, using)) for row in rows]


def related_lines(found: RelatedRows) -> list[str]:
    """The row's connections for the terminal."""
    lines = [f"{found.model} {found.pk} ({found.text}), read on {found.database!r}:"]
    for forward in found.forward:
        target = "-" if forward.pk is None else f"{forward.target} {forward.pk}"
        text = f" ({forward.text})" if forward.text is not None else ""
        lines.append(f"  {forward.field} -> {target}{text}")
    for many in found.reverse:
        count = "not counted" if many.count is None else f"{many.count:,}"
        lines.append(f"  {many.accessor}: {count} {many.model} (via {many.field})")
    if found.partial:
        lines.append("Partial: the time budget ran out before every count.")
    return lines
