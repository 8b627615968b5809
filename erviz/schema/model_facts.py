"""A model's own facts, read from its ``_meta``: its node (table, proxy,
parents, uniqueness rules, indexes) and its fields, and the labels of
models by class. Relations are ``introspect.py``'s."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.db import models
from django.db.models.options import Options

from .model import (
    Field,
    Fields,
    ModelNode,
)


class Labels(dict[Any, str]):
    """Model class → label, for the registry's models and, on demand, for
    any other model a relation names (a model outside the registry)."""

    def __missing__(self, model: Any) -> str:
        label: str = model._meta.label
        self[model] = label
        return label


def class_path(value: Any) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}"


def unique_sets(opts: Options[Any], name: str) -> tuple[tuple[str, ...], ...]:
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


#: The attributes of a model's ``_meta`` that a ModelNode reads, in one call.
_OPTIONS_ATTRIBUTES = attrgetter(
    "app_label",
    "object_name",
    "model_name",
    "verbose_name",
    "verbose_name_plural",
    "db_table",
    "managed",
    "proxy",
    "proxy_for_model",
    "concrete_model",
    "auto_created",
    "parents",
    "unique_together",
    "constraints",
    "indexes",
)


def model_node(
    model: type[models.Model],
    fields: list[Any],
    auto_created_for: str | None,
    labels: Labels,
) -> ModelNode:
    """One model's facts, built positionally in ModelNode's order. Most
    models have no parents, constraints or indexes, so empty collections
    cost nothing."""
    (
        app_label,
        object_name,
        model_name,
        verbose_name,
        verbose_name_plural,
        db_table,
        managed,
        proxy,
        proxy_for_model,
        concrete_model,
        auto_created,
        parents,
        unique_together,
        constraints,
        indexes,
    ) = _OPTIONS_ATTRIBUTES(model._meta)
    unique_sets = _unique_field_sets(model._meta)
    return ModelNode(
        label=labels[model],
        app_label=app_label,
        name=object_name or model.__name__,
        model_name=model_name or model.__name__.lower(),
        verbose_name=str(verbose_name),
        verbose_name_plural=str(verbose_name_plural),
        db_table=db_table,
        managed=managed,
        proxy=proxy,
        proxy_for=labels[proxy_for_model] if proxy_for_model else None,
        concrete_model=labels[concrete_model or model],
        auto_created=bool(auto_created),
        auto_created_for=auto_created_for,
        parents=tuple(
            [labels[parent] for parent, link in parents.items() if link is not None]
        )
        if parents
        else (),
        abstract_bases=_abstract_bases(model),
        fields=Fields(lambda: tuple([_readable_field(f, labels) for f in fields])),
        unique_together=tuple([tuple(names) for names in unique_together]),
        constraints=tuple(sorted([c.name for c in constraints if c.name]))
        if constraints
        else (),
        unique_sets=unique_sets,
        indexes=tuple(
            [
                tuple([name.removeprefix("-") for name in index.fields])
                for index in indexes
                if index.fields
            ]
        )
        + unique_sets
        if indexes
        else unique_sets,
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


def forward_fields(opts: Options[Any]) -> list[Any]:
    """The model's own and inherited forward fields, in declaration order.

    ``_get_fields(reverse=False)`` is the forward half of what
    ``get_fields()`` returns: erviz reads every reverse fact from the forward
    field (``remote_field``), so it never needs Django's reverse relation
    tree, the most expensive part of a cold ``get_fields()``.
    """
    return list(opts._get_fields(reverse=False))


def _abstract_bases(model: type[models.Model]) -> tuple[str, ...]:
    """Dotted paths of the abstract models in ``model``'s MRO.

    ModelBase stores a model's ``_meta`` in its own class dict; reading it
    there skips the bases that are not models (``Model`` itself, mixins,
    ``object``) without a failed attribute lookup for each.
    """
    return tuple(
        [
            f"{base.__module__}.{base.__qualname__}"
            for base in model.__mro__[1:]
            if (meta := vars(base).get("_meta")) is not None and meta.abstract
        ]
    )


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


def _readable_field(field: Any, labels: Labels) -> Field:
    """A field's record; for a field whose attributes raise when read, a
    record of what its class and name say (its relation, if any, is noted
    in ``Schema.notes``)."""
    try:
        return _field(field, labels)
    except Exception:
        name = str(getattr(field, "name", None) or "?")
        return _UNREADABLE._replace(
            name=name, type=type(field).__name__, verbose_name=name
        )


#: What erviz says of a field it cannot read, but for its name and class.
_UNREADABLE = Field._make(
    ("?", "", "", None, "?", "", False, False, False, False, False, True, "")
)


def _field(field: Any, labels: Labels) -> Field:
    """One field's facts. This runs for every field of every model (most of
    the build's time), so the attributes are read in one ``attrgetter`` call
    (every forward field is a models.Field, GenericForeignKey too since
    Django 5.1) and the record is built from them in Field's order."""
    name, column, verbose_name, help_text, *flags, model = _FIELD_ATTRIBUTES(field)
    return Field._make(
        (
            name,
            type(field).__name__,
            field.get_internal_type(),
            column,
            verbose_name if type(verbose_name) is str else str(verbose_name),
            help_text if type(help_text) is str else str(help_text),
            # null, blank, primary_key, unique, db_index, is_relation
            *flags,
            labels[model],
        )
    )
