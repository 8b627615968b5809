"""What a lint rule should find on real apps, computed from Django's
``_meta`` alone (not from erviz's schema), for the precision tests."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models


def forward_relations() -> list[Any]:
    return [
        field
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.model is model
    ]


def ambiguous_accessors() -> tuple[set[str], int]:
    """Fields that share their model and target with others of which only
    one has a related_name (L004), and how many such groups exist; a
    hidden relation (related_name "+") has no accessor and does not count."""
    groups: dict[tuple[Any, Any], list[Any]] = defaultdict(list)
    for field in forward_relations():
        if field.related_model is not None and not field.remote_field.hidden:
            groups[(field.model, field.related_model)].append(field)
    found: set[str] = set()
    shared = 0
    for fields in groups.values():
        if len(fields) < 2:
            continue
        shared += 1
        named = [f for f in fields if f.remote_field.related_name]
        if len(named) == 1:
            found |= {
                f"{f.model._meta.label}.{f.name}"
                for f in fields
                if not f.remote_field.related_name
            }
    return found, shared


def unexplained_dangling() -> tuple[set[str], int]:
    """DO_NOTHING or db_constraint=False without a help_text (L002), and how
    many relations were looked at."""
    fields = [f for f in forward_relations() if not f.auto_created]
    found = {
        f"{f.model._meta.label}.{f.name}"
        for f in fields
        if (
            getattr(f.remote_field, "on_delete", None) is models.DO_NOTHING
            or getattr(f, "db_constraint", True) is False
        )
        and not f.help_text
    }
    return found, len(fields)


def generic_keys() -> set[str]:
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.private_fields
        if isinstance(field, GenericForeignKey)
    }


def covered_generic_keys() -> set[str]:
    """GenericForeignKeys whose (content type, object id) pair starts an
    index, a unique_together or a UniqueConstraint (L003 stays silent)."""
    covered: set[str] = set()
    for model in apps.get_models():
        opts = model._meta
        sets = [tuple(i.fields) for i in opts.indexes]
        sets += [tuple(u) for u in opts.unique_together]
        sets += [
            tuple(c.fields)
            for c in opts.constraints
            if isinstance(c, models.UniqueConstraint) and c.condition is None
        ]
        for field in opts.private_fields:
            if isinstance(field, GenericForeignKey):
                pair = {field.ct_field, field.fk_field}
                if any({n.lstrip("-") for n in s[:2]} == pair for s in sets):
                    covered.add(f"{opts.label}.{field.name}")
    return covered


def _unique_sets(opts: Any) -> list[set[str]]:
    sets = [set(u) for u in opts.unique_together]
    sets += [
        set(c.fields)
        for c in opts.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields
    ]
    return sets


def through_models_without_unique() -> tuple[set[str], int]:
    """Explicit through models whose two keys no uniqueness rule covers
    (L005), and how many explicit through models there are."""
    found: set[str] = set()
    throughs = set()
    for model in apps.get_models():
        many: list[Any] = list(model._meta.local_many_to_many)
        for field in many:
            through = field.remote_field.through
            if through._meta.auto_created or not hasattr(field, "m2m_field_name"):
                continue  # (taggit's manager: a generic through model)
            throughs.add(through)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            keys = {source, target}
            if not any(keys <= names for names in _unique_sets(through._meta)):
                found.add(through._meta.label)
    return found, len(throughs)


def set_null_on_unique() -> tuple[set[str], int]:
    """SET_NULL/SET_DEFAULT foreign keys in a uniqueness rule of two or more
    columns, or SET_DEFAULT on a unique one (L006); and how many SET_NULL or
    SET_DEFAULT keys there are."""
    found: set[str] = set()
    updating = 0
    for field in forward_relations():
        action = getattr(field.remote_field, "on_delete", None)
        if action not in (models.SET_NULL, models.SET_DEFAULT):
            continue
        updating += 1
        multi = [s for s in _unique_sets(field.model._meta) if len(s) > 1]
        if any(field.name in s for s in multi) or (
            field.unique and action is models.SET_DEFAULT
        ):
            found.add(f"{field.model._meta.label}.{field.name}")
    return found, updating
