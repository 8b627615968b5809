"""The schema graph: immutable, typed facts about models and their relations.

Nothing here touches Django's app registry; ``introspect`` builds these objects
from ``_meta`` and everything downstream (selection, rendering, cascade
planning, the JSON export) reads only these objects.

The records are ``NamedTuple``s rather than frozen dataclasses: a project has
thousands of fields, and a frozen dataclass costs several times more to build
(one ``object.__setattr__`` per attribute), while tuples also serialise with
the C JSON encoder, which keeps the fingerprint cheap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple, overload

RelationKind = Literal[
    "foreign_key",
    "one_to_one",
    "many_to_many",
    "generic_foreign_key",
    "generic_relation",
    # A relation field of a shape erviz does not know (no cardinality flag, a
    # target without a remote_field, an unresolved target...): drawn, and
    # left out of cascades, as Django's Collector leaves it out.
    "other",
]


class Field(NamedTuple):
    """A forward field of a model, as a diagram or panel shows it."""

    name: str
    type: str
    internal_type: str
    column: str | None
    verbose_name: str
    help_text: str
    null: bool
    blank: bool
    primary_key: bool
    unique: bool
    db_index: bool
    is_relation: bool
    #: Label of the model whose class declares the field (differs from the
    #: owner for fields inherited from a multi-table parent).
    declared_on: str


class Fields(Sequence[Field]):
    """A model's field records, read from ``_meta`` when first used.

    A project has ten times more fields than relations, and most uses of the
    schema (a model's neighbourhood, a delete preview, the search) read the
    fields of a handful of models only, so building every record up front
    would be most of the schema's cost. The records are built once, on first
    access; afterwards this behaves as the tuple it holds.
    """

    __slots__ = ("_build", "_records")

    def __init__(self, build: Callable[[], tuple[Field, ...]]) -> None:
        self._build: Callable[[], tuple[Field, ...]] | None = build
        self._records: tuple[Field, ...] | None = None

    def records(self) -> tuple[Field, ...]:
        if self._records is None:
            assert self._build is not None
            self._records, self._build = self._build(), None
        return self._records

    @overload
    def __getitem__(self, index: int) -> Field: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Field, ...]: ...
    def __getitem__(self, index: int | slice) -> Field | tuple[Field, ...]:
        return self.records()[index]

    def __len__(self) -> int:
        return len(self.records())

    def __iter__(self) -> Iterator[Field]:
        return iter(self.records())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Fields):
            return self.records() == other.records()
        return self.records() == other

    def __hash__(self) -> int:
        return hash(self.records())

    def __repr__(self) -> str:
        return f"Fields({self.records()!r})"


class Relation(NamedTuple):
    """One forward relation field, listed once, on the model that declares it."""

    source: str
    field: str
    target: str | None
    kind: RelationKind
    field_type: str
    on_delete: str | None
    on_delete_detail: str | None
    null: bool
    blank: bool
    unique: bool
    db_index: bool
    db_constraint: bool
    related_name: str | None
    #: The attribute on the target model (``author.books``); None when hidden.
    reverse_accessor: str | None
    #: False when Django reports an accessor name but no descriptor is
    #: installed on the target class (managers such as taggit's).
    reverse_accessor_installed: bool
    reverse_query_name: str | None
    hidden: bool
    #: True when the reverse side holds many objects (``author.books.all()``).
    reverse_many: bool
    to_field: str | None
    through: str | None
    through_auto: bool
    through_fields: tuple[str, ...] | None
    symmetrical: bool
    parent_link: bool
    limit_choices_to: str | None
    #: For a GenericForeignKey, its (content_type, object_id) field names;
    #: for a GenericRelation, those its related model's rows are matched by.
    generic_fields: tuple[str, str] | None
    #: unique_together / UniqueConstraint field sets that include this field.
    unique_with: tuple[tuple[str, ...], ...]
    #: The one cardinality flag Django's field sets: "many_to_one",
    #: "one_to_one", "one_to_many" or "many_to_many"; None when it sets none
    #: (or several).
    cardinality: str | None
    #: The target as the field names it when it is not an installed model
    #: (a lazy reference to an app that is not installed); else None.
    target_unresolved: str | None

    @property
    def id(self) -> str:
        """A stable identity: ``app_label.Model.field``."""
        return f"{self.source}.{self.field}"


class FieldNote(NamedTuple):
    """A relation field erviz could not fully read, reported once (a
    system-check warning, a line on the CLI's stderr, the JSON export)."""

    source: str
    field: str
    #: The field's class, as a dotted path.
    field_type: str
    #: "unknown_shape": listed as a relation of kind "other";
    #: "unreadable": an attribute raised while read, so it is left out.
    problem: str
    message: str

    @property
    def id(self) -> str:
        return f"{self.source}.{self.field}"


class ModelNode(NamedTuple):
    label: str
    app_label: str
    name: str
    model_name: str
    verbose_name: str
    verbose_name_plural: str
    db_table: str
    managed: bool
    proxy: bool
    proxy_for: str | None
    concrete_model: str
    auto_created: bool
    #: For an auto-created many-to-many table, the relation it stores.
    auto_created_for: str | None
    #: Multi-table inheritance parents (direct ones), by label.
    parents: tuple[str, ...]
    #: Abstract base classes the model inherited fields from, as dotted paths.
    abstract_bases: tuple[str, ...]
    fields: Fields
    unique_together: tuple[tuple[str, ...], ...]
    constraints: tuple[str, ...]
    #: Field-name sets the database keeps unique: unique_together and
    #: UniqueConstraints without a condition.
    unique_sets: tuple[tuple[str, ...], ...]
    #: Field-name sets with an index: Meta.indexes (names without their "-"
    #: order prefix) and the unique sets.
    indexes: tuple[tuple[str, ...], ...]


class App(NamedTuple):
    label: str
    name: str
    verbose_name: str
    models: tuple[str, ...]


@dataclass(frozen=True)
class SchemaState:
    """Where a schema was read from: the JSON export's ``"state"``."""

    #: "models" (the project's model classes) or "migrations" (the state
    #: Django's migration files build, ``erviz.schema.migration_state``).
    source: str = "models"
    #: For "migrations": each target as resolved, "app.<full name>" or
    #: "app.zero", in order.
    at: tuple[str, ...] = ()

    def document(self) -> dict[str, object]:
        if self.source == "models":
            return {"source": "models"}
        # Migrations record neither kind: a migration state has none.
        absent = ["generic_foreign_key", "generic_relation"]
        return {"source": self.source, "at": list(self.at), "absent": absent}


@dataclass(frozen=True)
class Schema:
    """The whole project's models and relations, sorted by label and id."""

    apps: tuple[App, ...]
    models: tuple[ModelNode, ...]
    relations: tuple[Relation, ...]
    #: Relation fields erviz could not fully read, by id.
    notes: tuple[FieldNote, ...] = ()
    #: The project's models left out of this schema because the user may not
    #: see them (``erviz.visibility``).
    hidden_models: int = 0
    state: SchemaState = SchemaState()

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever any model, field or relation fact changes.

        Computed on first use: the explorer's panels never need it, the
        exports and the render cache do.
        """
        return schema_fingerprint(self.models, self.relations, self.apps, self.notes)

    @cached_property
    def models_by_label(self) -> dict[str, ModelNode]:
        return {model.label: model for model in self.models}

    @cached_property
    def relations_by_id(self) -> dict[str, Relation]:
        return {relation.id: relation for relation in self.relations}

    @cached_property
    def apps_by_label(self) -> dict[str, App]:
        return {app.label: app for app in self.apps}

    @cached_property
    def project_models(self) -> tuple[ModelNode, ...]:
        """The models a person counts: every model but the auto-created
        many-to-many tables (drawn as the relation they store)."""
        return tuple(model for model in self.models if not model.auto_created)

    @cached_property
    def project_apps(self) -> tuple[App, ...]:
        """The apps with at least one of the project's models, each listing
        those models only. Every count a person reads comes from these two."""
        kept = {model.label for model in self.project_models}
        apps = (
            app._replace(models=tuple(m for m in app.models if m in kept))
            for app in self.apps
        )
        return tuple(app for app in apps if app.models)

    def find_model(self, label: str) -> ModelNode | None:
        """The model labelled ``label``, ignoring case (``shop.order``)."""
        return self._models_by_lower_label.get(label.lower())

    @cached_property
    def _models_by_lower_label(self) -> dict[str, ModelNode]:
        return {model.label.lower(): model for model in self.models}

    def same_table(self, label: str) -> frozenset[str]:
        """The model ``label`` and every proxy of the same concrete model:
        relations to any of them reach the same rows."""
        return self._by_concrete[self.models_by_label[label].concrete_model]

    @cached_property
    def _by_concrete(self) -> dict[str, frozenset[str]]:
        grouped: dict[str, set[str]] = {}
        for model in self.models:
            grouped.setdefault(model.concrete_model, set()).add(model.label)
        return {concrete: frozenset(labels) for concrete, labels in grouped.items()}

    def notes_on(self, label: str) -> tuple[FieldNote, ...]:
        """The notes on the fields of the model ``label``."""
        return tuple(note for note in self.notes if note.source == label)

    def outgoing(self, label: str) -> tuple[Relation, ...]:
        """Relations declared on the model ``label``."""
        return self._outgoing.get(label, ())

    def incoming(self, label: str) -> tuple[Relation, ...]:
        """Relations pointing at ``label``: the model's reverse side."""
        return self._incoming.get(label, ())

    @cached_property
    def _outgoing(self) -> dict[str, tuple[Relation, ...]]:
        grouped: dict[str, list[Relation]] = {}
        for relation in self.relations:
            grouped.setdefault(relation.source, []).append(relation)
        return {label: tuple(rels) for label, rels in grouped.items()}

    @cached_property
    def _incoming(self) -> dict[str, tuple[Relation, ...]]:
        grouped: dict[str, list[Relation]] = {}
        for relation in self.relations:
            if relation.target is not None:
                grouped.setdefault(relation.target, []).append(relation)
        return {label: tuple(rels) for label, rels in grouped.items()}


def schema_fingerprint(
    models: Sequence[ModelNode],
    relations: Sequence[Relation],
    apps: Sequence[App] = (),
    notes: Sequence[FieldNote] = (),
) -> str:
    """SHA-256 over every model, field and relation fact, and every app
    (its verbose name is drawn) and field note (the export lists them): the
    key of every kept picture, so nothing a picture shows may be left out.

    The records are tuples of strings, booleans, None and tuples, so their JSON
    (written by the C encoder, in declaration order) is deterministic across
    processes and databases. A model's lazy :class:`Fields` is written as the
    tuple of records it holds.
    """
    payload = json.dumps(
        [models, relations, apps, notes], separators=(",", ":"), default=Fields.records
    )
    return hashlib.sha256(payload.encode()).hexdigest()
