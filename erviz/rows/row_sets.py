"""The row preview's walk as SQL: each set of rows is a query, never a list.

The rows a delete reaches in a model are a condition on that model's table:
"its foreign key is in the rows deleted in the target", OR-ed over every
path into it, so a row reached by several paths is counted once by the
database (no union, no key in Python). Following Django's ``Collector``,
a model's rows are *walked* (their relations followed) when reached by a
cascade or a generic relation, and only *deleted* when they are a deleted
child's multi-table parent. A model that cascades into itself (a tree) is
closed with a recursive CTE. The number of queries grows with the models
and relations of the plan, not with the rows.

What SQL cannot say here raises :class:`NeedsKeys`, and the caller walks
primary keys instead: a cycle through several models, a self-reference to
a field other than the primary key, or a query text that would be too long.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connections, models
from django.db.models import Q
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from ..on_delete import resolve

#: A count query longer than this (many paths into one model, each inlining
#: its own subqueries) is left to the key walk.
MAX_SQL = 200_000

Model = type[models.Model]


class NeedsKeys(Exception):
    """This delete's shape needs the primary-key walk; the message says why."""


class CustomHandler(Exception):
    """An on_delete callable erviz cannot follow: Django's Collector decides."""


@dataclass
class Edge:
    """A relation from rows deleted in ``source`` to rows of ``model``."""

    source: Model
    model: Model
    field: Any
    action: Any

    @property
    def key(self) -> str:
        """The relation's id, ``app.Model.field`` (the model holding the
        field): how the preview's counts per relation are keyed."""
        return f"{self.model._meta.label}.{self.field.name}"


@dataclass
class Plan:
    """Every relation the delete follows, by what it does."""

    root: Model
    #: Into walked rows: (source, field) cascades; generic relations below.
    cascades: dict[Model, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    generics: dict[Model, list[tuple[Model, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: Multi-table parents of deleted rows: parent -> [(child, pointer)].
    parents: dict[Model, list[tuple[Model, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    protect: list[Edge] = field(default_factory=list)
    restrict: list[Edge] = field(default_factory=list)
    updates: list[Edge] = field(default_factory=list)
    database_deletes: list[Edge] = field(default_factory=list)
    database_updates: list[Edge] = field(default_factory=list)
    custom: list[Edge] = field(default_factory=list)
    #: Models whose rows are walked, and those only deleted, in the order
    #: they were reached.
    walked: list[Model] = field(default_factory=list)
    deleted: list[Model] = field(default_factory=list)


def plan_delete(root: Model) -> Plan:
    """The relations a delete of ``root`` rows follows, as Django's
    Collector follows them (its own ``get_candidate_relations_to_delete``)."""
    plan = Plan(root=root)
    queue: list[Model] = [root]
    plan.walked.append(root)
    _add_parents(plan, root)
    while queue:
        model = queue.pop(0)
        opts: Any = model._meta
        for related in get_candidate_relations_to_delete(opts):
            relation_field: Any = cast(Any, related).field
            action = relation_field.remote_field.on_delete
            related_model: Any = related.related_model
            edge = Edge(model, related_model, relation_field, action)
            target = _effect(plan, edge)
            if target is not None and _walk(plan, target):
                queue.append(target)
        for private in opts.private_fields:
            if hasattr(private, "bulk_related_objects"):
                target = private.related_model
                plan.generics[target].append((model, private))
                if _walk(plan, target):
                    queue.append(target)
    return plan


def _walk(plan: Plan, model: Model) -> bool:
    """Mark ``model``'s rows walked; whether that is new."""
    if model in plan.walked:
        return False
    plan.walked.append(model)
    _add_parents(plan, model)
    return True


def _add_parents(plan: Plan, model: Model) -> None:
    opts: Any = model._meta
    for parent, pointer in opts.concrete_model._meta.parents.items():
        if pointer is None:
            continue
        if (model, pointer) not in plan.parents[parent]:
            plan.parents[parent].append((model, pointer))
        if parent not in plan.deleted and parent not in plan.walked:
            plan.deleted.append(parent)
        _add_parents(plan, parent)


def _effect(plan: Plan, edge: Edge) -> Model | None:
    """File ``edge`` under what it does (:func:`erviz.on_delete.resolve`);
    the model whose rows it deletes."""
    effect = resolve(edge.action)[0].effect
    if effect == "deleted":
        plan.cascades[edge.model].append(edge)
        return edge.model
    filed = {
        "protected": plan.protect,
        "restricted": plan.restrict,
        "updated": plan.updates,
        "deleted_by_database": plan.database_deletes,
        "updated_by_database": plan.database_updates,
        "custom": plan.custom,
    }.get(effect)
    if filed is not None:  # "dangling" (DO_NOTHING) is filed nowhere
        filed.append(edge)
    return None


class RowSets:
    """The rows of each model a delete reaches, as conditions (``Q``) on
    the model's table, built once per model."""

    def __init__(self, plan: Plan, pks: list[Any], using: str) -> None:
        self.plan = plan
        self.pks = pks
        self.using = using
        self._walked: dict[Model, Q] = {}
        self._parents: dict[Model, Q | None] = {}
        self._building: set[Model] = set()

    def rows(self, model: Model, condition: Q) -> models.QuerySet[Any]:
        return model._base_manager.using(self.using).filter(condition)

    def keys(self, model: Model) -> models.QuerySet[Any]:
        """The primary keys of the rows walked in ``model``, as a subquery."""
        return self.rows(model, self.walked(model)).values("pk")

    def pointing(self, edge: Edge) -> Q:
        """Rows of ``edge.model`` whose field points at a walked row."""
        return Q(**{f"{edge.field.name}__pk__in": self.keys(edge.source)})

    def walked(self, model: Model) -> Q:
        """Rows of ``model`` whose own relations the delete follows."""
        if model in self._walked:
            return self._walked[model]
        if model in self._building:
            raise NeedsKeys(f"a cascade cycle through {model._meta.label}")
        self._building.add(model)
        try:
            condition = self._build_walked(model)
        finally:
            self._building.discard(model)
        self._walked[model] = condition
        return condition

    def _build_walked(self, model: Model) -> Q:
        seed = Q(pk__in=self.pks) if model is self.plan.root else None
        loops: list[Edge] = []
        for edge in self.plan.cascades.get(model, []):
            if edge.source is model:
                loops.append(edge)
            else:
                seed = _or(seed, self.pointing(edge))
        for source, private in self.plan.generics.get(model, []):
            if source is model:
                raise NeedsKeys(f"a generic relation of {model._meta.label} to itself")
            seed = _or(seed, self._generic(source, private))
        if seed is None:
            return Q(pk__in=[])
        if not loops:
            return seed
        return Q(pk__in=self._closure(model, seed, loops))

    def _generic(self, source: Model, private: Any) -> Q:
        """Rows of a generic relation's model that point at walked rows."""
        from django.contrib.contenttypes.models import ContentType

        target = private.related_model
        kind = ContentType.objects.db_manager(self.using).get_for_model(
            source, for_concrete_model=private.for_concrete_model
        )
        object_id = target._meta.get_field(private.object_id_field_name)
        keys = self.rows(source, self.walked(source))
        # The object id column may be text where the key is a number.
        if object_id.get_internal_type() != source._meta.pk.get_internal_type():
            keys = keys.annotate(erviz_key=Cast("pk", output_field=object_id))
            subquery = keys.values("erviz_key")
        else:
            subquery = keys.values("pk")
        return Q(
            **{
                private.content_type_field_name: kind,
                f"{private.object_id_field_name}__in": subquery,
            }
        )

    def _closure(self, model: Model, seed: Q, loops: list[Edge]) -> RawSQL:
        """The rows ``seed`` reaches through ``model``'s cascades to itself
        (a tree), as a recursive CTE."""
        opts: Any = model._meta
        connection = connections[self.using]
        quote = connection.ops.quote_name
        pk_column = quote(opts.pk.column)
        joins = []
        for edge in loops:
            if edge.field.target_field != opts.pk:
                raise NeedsKeys(
                    f"{opts.label}.{edge.field.name} points at a field other "
                    "than the primary key"
                )
            joins.append(f"child.{quote(edge.field.column)} = erviz_tree.key")
        # (A model's default ordering has no place inside a UNION.)
        seed_query = self.rows(model, seed).order_by().values("pk").query
        seed_sql, params = seed_query.get_compiler(self.using).as_sql()
        sql = (
            f"WITH RECURSIVE erviz_tree(key) AS ({seed_sql} UNION "
            f"SELECT child.{pk_column} FROM {quote(opts.db_table)} child "
            f"JOIN erviz_tree ON {' OR '.join(joins)}) SELECT key FROM erviz_tree"
        )
        return RawSQL(sql, params)

    def parent_rows(self, model: Model) -> Q | None:
        """Rows of ``model`` deleted as the multi-table parents of deleted
        children (their own relations are the children's)."""
        if model in self._parents:
            return self._parents[model]
        condition = None
        for child, pointer in self.plan.parents.get(model, []):
            condition = _or(
                condition,
                Q(pk__in=self.rows(child, self.deleted(child)).values(pointer.attname)),
            )
        self._parents[model] = condition
        return condition

    def deleted(self, model: Model) -> Q:
        """Every row of ``model`` the delete removes."""
        condition = self.walked(model) if model in self.plan.walked else None
        parents = self.parent_rows(model)
        result = _or(condition, parents)
        return result if result is not None else Q(pk__in=[])


def _or(left: Q | None, right: Q | None) -> Q | None:
    if left is None:
        return right
    if right is None:
        return left
    return left | right


def checked(queryset: models.QuerySet[Any], using: str) -> models.QuerySet[Any]:
    """``queryset``, unless its SQL is too long to send (see MAX_SQL)."""
    sql, _params = queryset.query.get_compiler(using).as_sql()
    if len(sql) > MAX_SQL:
        raise NeedsKeys(f"a query of {len(sql):,} characters")
    return queryset


def grouped(edges: list[Edge]) -> Iterator[tuple[Model, list[Edge]]]:
    """``edges`` by the model whose rows they reach, in first-seen order."""
    by_model: dict[Model, list[Edge]] = {}
    for edge in edges:
        by_model.setdefault(edge.model, []).append(edge)
    yield from by_model.items()


def any_rows(sets: RowSets, edges: list[Edge], query: Callable[[Any], Any]) -> bool:
    """Whether any of ``edges`` starts from a walked row."""
    return any(
        query(sets.rows(source, sets.walked(source))).exists()
        for source in dict.fromkeys(edge.source for edge in edges)
    )
