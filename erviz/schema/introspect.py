"""Build the :class:`~erviz.schema.model.Schema` from Django's app registry.

This is the only module that reads ``_meta``. Every fact comes from Django's
own API (``get_accessor_name()``, ``related_query_name()``,
``remote_field.on_delete``, ``through._meta.auto_created``) so that erviz
agrees with what Django does, including for third-party field subclasses,
which are classified by their relation flags rather than by class name.
"""

from __future__ import annotations

import sys
from operator import attrgetter
from types import FunctionType
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import models
from django.db.models import deletion
from django.db.models.options import Options

from .model import App, Field, Fields, ModelNode, Relation, RelationKind, Schema

#: on_delete actions recognised by identity. SET(...) builds a new closure per
#: use, so it is recognised by its deconstruct() path instead.
_NAMED_ACTIONS = tuple(
    (name, getattr(deletion, name))
    for name in (
        "CASCADE",
        "PROTECT",
        "RESTRICT",
        "SET_NULL",
        "SET_DEFAULT",
        "DO_NOTHING",
        "DB_CASCADE",
        "DB_SET_NULL",
        "DB_SET_DEFAULT",
    )
    if hasattr(deletion, name)
)
_ACTION_NAMES = {action: name for name, action in _NAMED_ACTIONS}
#: Attributes through which wrappers expose the callable they wrap:
#: functools.wraps, functools.partial, django-polymorphic's PolymorphicGuard.
_WRAPPED_ATTRIBUTES = ("__wrapped__", "func", "action")


def build_schema(app_registry: Apps | None = None) -> Schema:
    """Read every installed model (auto-created M2M tables included)."""
    registry = app_registry or global_apps
    generic = _GenericClasses.load()
    # Options.label is a property that formats a string on every read; a
    # project reads each model's label dozens of times, so read it once.
    labels = _Labels(
        (model, model._meta.label)
        for model in registry.get_models(include_auto_created=True)
    )
    model_classes = sorted(labels, key=labels.__getitem__)
    # One get_fields() call per model, shared by its node and its relations.
    forward = {model: _forward_fields(model._meta) for model in model_classes}
    relations = sorted(
        (
            _relation(field, generic, labels)
            for model in model_classes
            if not model._meta.auto_created
            for field in _declared_relation_fields(model, forward[model])
        ),
        key=lambda relation: relation.id,
    )
    through_owner = {
        relation.through: relation.id
        for relation in relations
        if relation.through and relation.through_auto
    }
    nodes = tuple(
        _model_node(model, forward[model], through_owner.get(labels[model]), labels)
        for model in model_classes
    )
    app_nodes = tuple(
        App(
            label=config.label,
            name=config.name,
            verbose_name=str(config.verbose_name),
            models=tuple(n.label for n in nodes if n.app_label == config.label),
        )
        for config in sorted(registry.get_app_configs(), key=lambda c: c.label)
    )
    return Schema(
        apps=app_nodes,
        models=nodes,
        relations=tuple(relations),
    )


class _Labels(dict[Any, str]):
    """Model class → label, for the registry's models and, on demand, for
    any other model a relation names (a model outside the registry)."""

    def __missing__(self, model: Any) -> str:
        label: str = model._meta.label
        self[model] = label
        return label


class _GenericClasses:
    """contenttypes' field classes, or nothing when contenttypes is absent.

    Importing ``django.contrib.contenttypes.fields`` without the app installed
    raises, so erviz does not import it: a model can only have a generic
    field if its module was imported already (a registry of its own, such
    as ``isolate_apps()``'s, need not list contenttypes).
    """

    def __init__(self, foreign_key: type | None, relation: type | None) -> None:
        self.foreign_key = foreign_key
        self.relation = relation

    @classmethod
    def load(cls) -> _GenericClasses:
        module = sys.modules.get("django.contrib.contenttypes.fields")
        if module is None:
            return cls(None, None)
        return cls(module.GenericForeignKey, module.GenericRelation)

    def is_foreign_key(self, field: Any) -> bool:
        return self.foreign_key is not None and isinstance(field, self.foreign_key)

    def is_relation(self, field: Any) -> bool:
        return self.relation is not None and isinstance(field, self.relation)


def _declared_relation_fields(
    model: type[models.Model], fields: list[Any]
) -> list[Any]:
    """Forward relation fields whose owner is ``model`` itself.

    Fields inherited from an abstract base are copies owned by each concrete
    child; fields of a multi-table parent stay on the parent; proxies own none.
    Private fields (generic relations) are copied into multi-table children and
    proxies with ``mti_inherited`` set: those copies belong to the parent.
    """
    return [
        field
        for field in fields
        if field.is_relation
        and field.model is model
        and not getattr(field, "mti_inherited", False)
    ]


def _kind(field: Any, generic: _GenericClasses) -> RelationKind:
    if generic.is_foreign_key(field):
        return "generic_foreign_key"
    if generic.is_relation(field):
        return "generic_relation"
    if field.many_to_many:
        return "many_to_many"
    if field.one_to_one:
        return "one_to_one"
    return "foreign_key"


def _relation(field: Any, generic: _GenericClasses, labels: _Labels) -> Relation:
    kind = _kind(field, generic)
    model_opts: Options[Any] = field.model._meta
    related_model = field.related_model
    target = labels[related_model] if related_model is not None else None
    rel: Any = getattr(field, "remote_field", None)
    on_delete, on_delete_detail = _on_delete(field, kind)

    hidden = bool(rel is not None and rel.hidden)
    reverse_accessor = None
    if kind != "generic_foreign_key" and not hidden:
        # A GenericRelation is hidden unless it has a related_query_name, in
        # which case Django installs a reverse manager under that name.
        reverse_accessor = rel.get_accessor_name()
    reverse_query_name = None
    if kind != "generic_foreign_key":
        query_name = field.related_query_name()
        reverse_query_name = None if query_name.endswith("+") else query_name

    through = getattr(rel, "through", None)
    through_model: Any = through if isinstance(through, type) else None
    return Relation(
        source=labels[field.model],
        field=field.name,
        target=target,
        kind=kind,
        field_type=type(field).__name__,
        on_delete=on_delete,
        on_delete_detail=on_delete_detail,
        null=bool(field.null),
        blank=bool(field.blank),
        unique=bool(getattr(field, "unique", False)),
        db_index=bool(getattr(field, "db_index", False)),
        db_constraint=_db_constraint(field, kind),
        related_name=getattr(rel, "related_name", None),
        reverse_accessor=reverse_accessor,
        reverse_accessor_installed=bool(
            reverse_accessor and hasattr(related_model, reverse_accessor)
        ),
        reverse_query_name=reverse_query_name,
        hidden=hidden,
        reverse_many=kind in ("foreign_key", "many_to_many"),
        to_field=_to_field(field, kind),
        through=labels[through_model] if through_model else None,
        through_auto=bool(through_model and through_model._meta.auto_created),
        through_fields=(
            tuple(rel.through_fields) if getattr(rel, "through_fields", None) else None
        ),
        symmetrical=bool(getattr(rel, "symmetrical", False)),
        parent_link=bool(getattr(rel, "parent_link", False)),
        limit_choices_to=_describe_limit(limit)
        if (limit := getattr(rel, "limit_choices_to", None))
        else None,
        generic_fields=(
            (field.ct_field, field.fk_field) if kind == "generic_foreign_key" else None
        ),
        unique_with=_unique_sets(model_opts, field.name)
        if model_opts.unique_together or model_opts.constraints
        else (),
    )


def _on_delete(field: Any, kind: RelationKind) -> tuple[str | None, str | None]:
    """Name the on_delete action, seeing through wrappers.

    A GenericRelation's rows are deleted with the object (the Collector
    follows ``bulk_related_objects``), which is a CASCADE, although its
    GenericRel carries DO_NOTHING. Many-to-many and GenericForeignKey have no
    on_delete of their own.
    """
    if kind == "generic_relation":
        return "CASCADE", None
    if kind not in ("foreign_key", "one_to_one"):
        return None, None
    action: Any = field.remote_field.on_delete
    if type(action) is FunctionType and action in _ACTION_NAMES:
        return _ACTION_NAMES[action], None
    for _ in range(8):
        for name, known in _NAMED_ACTIONS:
            if action is known:
                return name, None
        deconstruct = getattr(action, "deconstruct", None)
        if callable(deconstruct):
            path, args, _kwargs = deconstruct()
            if path == "django.db.models.SET":
                return "SET", _describe_value(args[0])
        wrapped = next(
            (getattr(action, a) for a in _WRAPPED_ATTRIBUTES if hasattr(action, a)),
            None,
        )
        if not callable(wrapped):
            break
        action = wrapped
    return "CUSTOM", _describe_value(field.remote_field.on_delete)


def _db_constraint(field: Any, kind: RelationKind) -> bool:
    if kind in ("generic_foreign_key", "generic_relation"):
        return False
    if kind == "many_to_many":
        # Stored on the rel; it applies to the through table's foreign keys.
        return bool(getattr(field.remote_field, "db_constraint", True))
    return bool(getattr(field, "db_constraint", True))


def _to_field(field: Any, kind: RelationKind) -> str | None:
    if kind not in ("foreign_key", "one_to_one"):
        return None
    field_name = getattr(field.remote_field, "field_name", None)
    target_pk = field.related_model._meta.pk
    if field_name and target_pk is not None and field_name != target_pk.name:
        return str(field_name)
    return None


def _describe_value(value: Any) -> str:
    """A deterministic text for a value or callable (no memory addresses)."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    if callable(value):
        return f"{type(value).__module__}.{type(value).__qualname__}"
    return repr(value)


def _describe_limit(limit: Any) -> str | None:
    if not limit:
        return None
    if isinstance(limit, dict):
        return repr(dict(sorted(limit.items())))
    if callable(limit):
        return _describe_value(limit)
    return str(limit)


def _unique_sets(opts: Options[Any], name: str) -> tuple[tuple[str, ...], ...]:
    """The uniqueness rules (conditional ones too) that include ``name``."""
    return tuple(
        sorted(
            {
                names
                for names in _unique_field_sets(opts, conditional=True)
                if name in names
            }
        )
    )


def _model_node(
    model: type[models.Model],
    fields: list[Any],
    auto_created_for: str | None,
    labels: _Labels,
) -> ModelNode:
    opts = model._meta
    label = labels[model]
    unique_sets = _unique_field_sets(opts)
    return ModelNode(
        label=label,
        app_label=opts.app_label,
        name=opts.object_name or model.__name__,
        model_name=opts.model_name or model.__name__.lower(),
        verbose_name=str(opts.verbose_name),
        verbose_name_plural=str(opts.verbose_name_plural),
        db_table=opts.db_table,
        managed=opts.managed,
        proxy=opts.proxy,
        proxy_for=labels[opts.proxy_for_model] if opts.proxy_for_model else None,
        concrete_model=labels[opts.concrete_model or model],
        auto_created=bool(opts.auto_created),
        auto_created_for=auto_created_for,
        parents=tuple(
            labels[parent] for parent, link in opts.parents.items() if link is not None
        ),
        abstract_bases=_abstract_bases(model),
        fields=Fields(lambda: tuple([_field(f, labels) for f in fields])),
        unique_together=tuple(tuple(names) for names in opts.unique_together),
        constraints=tuple(sorted(c.name for c in opts.constraints if c.name)),
        unique_sets=unique_sets,
        indexes=tuple(
            tuple(name.removeprefix("-") for name in index.fields)
            for index in opts.indexes
            if index.fields
        )
        + unique_sets,
    )


def _unique_field_sets(
    opts: Options[Any], *, conditional: bool = False
) -> tuple[tuple[str, ...], ...]:
    """Field-name sets of unique_together and of UniqueConstraints (those
    with a condition only when ``conditional``: they bind some rows only).
    Most models have neither, and this runs for every model."""
    if not (opts.unique_together or opts.constraints):
        return ()
    return tuple(tuple(names) for names in opts.unique_together) + tuple(
        tuple(constraint.fields)
        for constraint in opts.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and (conditional or constraint.condition is None)
    )


def _forward_fields(opts: Options[Any]) -> list[Any]:
    """The model's own and inherited forward fields, in declaration order.

    ``_get_fields(reverse=False)`` is the forward half of what
    ``get_fields()`` returns: erviz reads every reverse fact from the forward
    field (``remote_field``), so it never needs Django's reverse relation
    tree, the most expensive part of a cold ``get_fields()``.
    """
    return list(opts._get_fields(reverse=False))


def _abstract_bases(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        f"{base.__module__}.{base.__qualname__}"
        for base in model.__mro__[1:]
        if _is_abstract_model(base)
    )


def _is_abstract_model(cls: type) -> bool:
    meta = getattr(cls, "_meta", None)
    return bool(getattr(meta, "abstract", False))


#: The attributes of a field that a Field record copies as they are, read in
#: one C-level call.
_FIELD_ATTRIBUTES = attrgetter(
    "name",
    "column",
    "verbose_name",
    "help_text",
    "null",
    "blank",
    "primary_key",
    "unique",
    "db_index",
    "is_relation",
    "model",
)


def _field(field: Any, labels: _Labels) -> Field:
    """One field's facts. This runs for every field of every model (most of
    the build's time), so the attributes are read in one ``attrgetter`` call
    (every forward field is a models.Field, GenericForeignKey too since
    Django 5.1) and the record is built positionally, in Field's order."""
    (
        name,
        column,
        verbose_name,
        help_text,
        null,
        blank,
        primary_key,
        unique,
        db_index,
        is_relation,
        model,
    ) = _FIELD_ATTRIBUTES(field)
    return Field(
        name,
        type(field).__name__,
        field.get_internal_type(),
        column,
        verbose_name if type(verbose_name) is str else str(verbose_name),
        help_text if type(help_text) is str else str(help_text),
        null,
        blank,
        primary_key,
        unique,
        db_index,
        is_relation,
        labels[model],
    )
