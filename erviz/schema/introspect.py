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
from types import SimpleNamespace
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import models
from django.db.models.options import Options

from ..on_delete import CASCADE, CUSTOM, SET, resolve
from .model import (
    App,
    FieldNote,
    Relation,
    RelationKind,
    Schema,
)
from .model_facts import Labels, class_path, forward_fields, model_node, unique_sets


def build_schema(app_registry: Apps | None = None) -> Schema:
    """Read every installed model (auto-created M2M tables included)."""
    registry = app_registry or global_apps
    generic = _GenericClasses.load()
    # Options.label is a property that formats a string on every read; a
    # project reads each model's label dozens of times, so read it once.
    labels = Labels(
        (model, model._meta.label)
        for model in registry.get_models(include_auto_created=True)
    )
    model_classes = sorted(labels, key=labels.__getitem__)
    # One forward-field list per model, shared by its node and its relations.
    forward = {model: forward_fields(model._meta) for model in model_classes}
    read: list[Relation] = []
    notes: list[FieldNote] = []
    for model in model_classes:
        if model._meta.auto_created:
            continue
        for field in _declared_relation_fields(model, forward[model]):
            # A field is someone else's code: whatever it raises while read,
            # the rest of the project is still described.
            try:
                relation = _relation(field, generic, labels)
            except Exception as error:
                notes.append(_unreadable(model, field, labels, error))
                continue
            read.append(relation)
            if relation.kind == "other":
                notes.append(_unknown_shape(relation, field))
    # The order of Relation.id ("app.Model.field"): labels and field names
    # are identifiers, which sort after the ".".
    relations = sorted(read, key=attrgetter("source", "field"))
    through_owner = {
        relation.through: relation.id
        for relation in relations
        if relation.through and relation.through_auto
    }
    nodes = tuple(
        model_node(model, forward[model], through_owner.get(labels[model]), labels)
        for model in model_classes
    )
    app_models: dict[str, list[str]] = {}
    for node in nodes:
        app_models.setdefault(node.app_label, []).append(node.label)
    app_nodes = tuple(
        App(
            label=config.label,
            name=config.name,
            verbose_name=str(config.verbose_name),
            models=tuple(app_models.get(config.label, ())),
        )
        for config in map(
            _described,
            sorted(registry.get_app_configs(), key=lambda c: c.label),
        )
    )
    return Schema(
        apps=app_nodes,
        models=nodes,
        relations=tuple(relations),
        notes=tuple(sorted(notes)),
    )


def _described(config: Any) -> Any:
    """An app's config with its name and verbose name: a migration state's
    apps are stubs that know their label alone, so the installed app of
    that label says them."""
    if hasattr(config, "verbose_name"):
        return config
    try:
        return global_apps.get_app_config(config.label)
    except LookupError:  # a label the state holds and the project lacks
        return SimpleNamespace(
            label=config.label, name=config.label, verbose_name=config.label
        )


def _unreadable(
    model: type[models.Model], field: Any, labels: Labels, error: Exception
) -> FieldNote:
    try:
        name = str(field.name)
    except Exception:
        name = "?"
    return FieldNote(
        labels[model],
        name,
        class_path(field),
        "unreadable",
        f"{type(error).__name__} while reading it: {error}",
    )


def _unknown_shape(relation: Relation, field: Any) -> FieldNote:
    if relation.target_unresolved:
        problem = f"its target {relation.target_unresolved!r} is not an installed model"
    else:
        problem = "a relation of a shape erviz does not know"
    return FieldNote(
        relation.source,
        relation.field,
        class_path(field),
        "unknown_shape",
        f"{problem} (cardinality: {relation.cardinality or 'none'}); "
        "drawn as a grey dotted edge, left out of delete previews",
    )


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
        #: Both classes, for one isinstance() call on the common path.
        self.classes = tuple(c for c in (foreign_key, relation) if c is not None)

    @classmethod
    def load(cls) -> _GenericClasses:
        module = sys.modules.get("django.contrib.contenttypes.fields")
        if module is None:
            return cls(None, None)
        return cls(module.GenericForeignKey, module.GenericRelation)

    def kind(self, field: Any) -> RelationKind | None:
        """The kind of a generic field; None for any other field."""
        if not isinstance(field, self.classes):
            return None
        if self.foreign_key is not None and isinstance(field, self.foreign_key):
            return "generic_foreign_key"
        return "generic_relation"


def _declared_relation_fields(
    model: type[models.Model], fields: list[Any]
) -> list[Any]:
    """Forward relation fields whose owner is ``model`` itself.

    Fields inherited from an abstract base are copies owned by each concrete
    child; fields of a multi-table parent stay on the parent; proxies own none.
    Private fields (generic relations) are copied into multi-table children and
    proxies with ``mti_inherited`` set: those copies belong to the parent.
    ModelBase sets that attribute on the copy only, so it is read from the
    field's own dict (a missing attribute costs a raised AttributeError).
    """
    return [
        field
        for field in fields
        if field.is_relation
        and field.model is model
        and not vars(field).get("mti_inherited", False)
    ]


_CARDINALITY_FLAGS = ("many_to_one", "one_to_one", "one_to_many", "many_to_many")


_FLAGS = attrgetter(*_CARDINALITY_FLAGS)


#: The kind of a field with a target model and a ``remote_field``, by the
#: cardinality flag Django's own code reads.
_KIND_BY_CARDINALITY: dict[str, RelationKind] = {
    "many_to_one": "foreign_key",
    "one_to_one": "one_to_one",
    "many_to_many": "many_to_many",
}


#: The flag tuples of Django's own relation fields, answered in one lookup.
_CARDINALITY_BY_FLAGS = {
    tuple(flag == name for flag in _CARDINALITY_FLAGS): name
    for name in _CARDINALITY_FLAGS
}


def _cardinality(field: Any) -> str | None:
    """The one cardinality flag a relation field sets, else None."""
    flags = _FLAGS(field)
    if (name := _CARDINALITY_BY_FLAGS.get(flags)) is not None:
        return name
    names = [n for n, value in zip(_CARDINALITY_FLAGS, flags, strict=True) if value]
    return names[0] if len(names) == 1 else None


def _kind(
    field: Any,
    rel: Any,
    related_model: Any,
    cardinality: str | None,
    generic: _GenericClasses,
) -> RelationKind:
    """The kind of a relation, from what Django says of the field rather
    than from its class: contenttypes' classes (subclasses included), then
    the target, ``remote_field`` and cardinality flag."""
    if kind := generic.kind(field):
        return kind
    if rel is None and related_model is None:
        # No target and nothing on the other side: a reference to rows of
        # any model (an array of generic references, say), whatever class.
        return "generic_foreign_key"
    if rel is None or not isinstance(related_model, type):
        return "other"
    return _KIND_BY_CARDINALITY.get(cardinality or "", "other")


#: The attributes of a relation field and of its ``remote_field`` that a
#: Relation copies, each read in one C-level call. Every forward field is a
#: models.Field (GenericForeignKey too since Django 5.1), and every
#: ``remote_field`` a ForeignObjectRel, so these attributes always exist.
_RELATION_FIELD_ATTRIBUTES = attrgetter(
    "name",
    "model",
    "related_model",
    "remote_field",
    "null",
    "blank",
    "unique",
    "db_index",
)


_REL_ATTRIBUTES = attrgetter(
    "related_name", "hidden", "limit_choices_to", "parent_link", "symmetrical"
)


def _relation(field: Any, generic: _GenericClasses, labels: Labels) -> Relation:
    """One relation's facts. This runs for every relation of the project, so
    each attribute is read once, and ``getattr()`` with a default (which
    raises and catches inside when the attribute is missing) is used only
    for the attributes of one kind, behind a check of the kind."""
    name, model, related_model, rel, null, blank, unique, db_index = (
        _RELATION_FIELD_ATTRIBUTES(field)
    )
    cardinality = _cardinality(field)
    kind = _kind(field, rel, related_model, cardinality, generic)
    model_opts: Options[Any] = model._meta
    on_delete, on_delete_detail = _on_delete(rel, kind)
    if rel is None or kind == "other":  # no reverse side erviz can read
        related_name = limit = None
        hidden = parent_link = symmetrical = False
    else:
        related_name, hidden, limit, parent_link, symmetrical = _REL_ATTRIBUTES(rel)
    target = related_model if isinstance(related_model, type) else None

    reverse_accessor = reverse_query_name = None
    if kind not in ("generic_foreign_key", "other"):
        # A GenericRelation is hidden unless it has a related_query_name, in
        # which case Django installs a reverse manager under that name.
        if not hidden:
            reverse_accessor = rel.get_accessor_name()
        query_name = field.related_query_name()
        reverse_query_name = None if query_name.endswith("+") else query_name

    through_model: Any = None
    through_fields = None
    if kind == "many_to_many":
        through = getattr(rel, "through", None)
        through_model = through if isinstance(through, type) else None
        through_fields = getattr(rel, "through_fields", None)
    return Relation(
        source=labels[model],
        field=name,
        target=labels[target] if target is not None else None,
        kind=kind,
        field_type=type(field).__name__,
        on_delete=on_delete,
        on_delete_detail=on_delete_detail,
        null=bool(null),
        blank=bool(blank),
        unique=bool(unique),
        db_index=bool(db_index),
        db_constraint=_db_constraint(field, rel, kind),
        related_name=related_name,
        reverse_accessor=reverse_accessor,
        reverse_accessor_installed=bool(
            reverse_accessor and hasattr(related_model, reverse_accessor)
        ),
        reverse_query_name=reverse_query_name,
        hidden=bool(hidden),
        reverse_many=kind in ("foreign_key", "many_to_many"),
        to_field=_to_field(field, rel, related_model, kind),
        through=labels[through_model] if through_model else None,
        through_auto=bool(through_model and through_model._meta.auto_created),
        through_fields=tuple(through_fields) if through_fields else None,
        symmetrical=bool(symmetrical),
        parent_link=bool(parent_link),
        limit_choices_to=_describe_limit(limit) if limit else None,
        generic_fields=_generic_fields(field, kind),
        unique_with=unique_sets(model_opts, name)
        if model_opts.unique_together or model_opts.constraints
        else (),
        cardinality=cardinality,
        target_unresolved=None
        if target is not None or related_model is None
        else str(related_model),
    )


def _generic_fields(field: Any, kind: RelationKind) -> tuple[str, str] | None:
    """The (content type, object id) field names of a GenericForeignKey, or
    of the GenericForeignKey on the related model a GenericRelation uses,
    when it names them as Django's do."""
    if kind == "generic_foreign_key":
        ct_field = getattr(field, "ct_field", None)
        fk_field = getattr(field, "fk_field", None)
    elif kind == "generic_relation":
        ct_field = getattr(field, "content_type_field_name", None)
        fk_field = getattr(field, "object_id_field_name", None)
    else:
        return None
    if isinstance(ct_field, str) and isinstance(fk_field, str):
        return (ct_field, fk_field)
    return None


def _on_delete(rel: Any, kind: RelationKind) -> tuple[str | None, str | None]:
    """Name the on_delete action, seeing through wrappers.

    A GenericRelation's rows are deleted with the object (the Collector
    follows ``bulk_related_objects``), which is a CASCADE, although its
    GenericRel carries DO_NOTHING. Many-to-many and GenericForeignKey have no
    on_delete of their own.
    """
    if kind == "generic_relation":
        return CASCADE.name, None
    if kind not in ("foreign_key", "one_to_one"):
        return None, None  # "other" too: Django's Collector follows none
    action, found = resolve(rel.on_delete)
    if action is SET:
        return SET.name, _describe_value(found.deconstruct()[1][0])
    if action is CUSTOM:
        return CUSTOM.name, _describe_value(rel.on_delete)
    return action.name, None


def _db_constraint(field: Any, rel: Any, kind: RelationKind) -> bool:
    if kind in ("generic_foreign_key", "generic_relation"):
        return False
    if kind == "many_to_many":
        # Stored on the rel; it applies to the through table's foreign keys.
        return bool(getattr(rel, "db_constraint", True))
    return bool(getattr(field, "db_constraint", True))


def _to_field(
    field: Any, rel: Any, related_model: Any, kind: RelationKind
) -> str | None:
    """The target field when it is not the target's primary key.

    A ForeignKey built without ``to_field`` has ``to_fields == [None]`` and
    points at the primary key: that answers without reading the target's
    ``_meta``.
    """
    if kind not in ("foreign_key", "one_to_one"):
        return None
    to_fields = getattr(field, "to_fields", None)
    if to_fields is not None and len(to_fields) == 1 and to_fields[0] is None:
        return None
    if to_fields is not None and len(to_fields) > 1:  # a ForeignObject
        return ",".join(str(name) for name in to_fields)
    field_name = getattr(rel, "field_name", None)
    target_pk = related_model._meta.pk
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
