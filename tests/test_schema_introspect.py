"""erviz's schema must say exactly what Django says.

Every relation is checked against Django's own API, reached by a different
path than erviz's (from the reverse side, through descriptors, through query
compilation and through the migration serializer), and against the edges of
django-extensions' ModelGraph. Each mismatch is reported by name.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.db import models
from django.db.migrations.serializer import serializer_factory
from django.db.models.fields.related import ForeignObjectRel
from django_extensions.management.modelviz import ModelGraph

from erviz.schema import Relation, Schema


def _field(relation: Relation) -> Any:
    return apps.get_model(relation.source)._meta.get_field(relation.field)


def _mismatches(
    schema: Schema, check: Any, kinds: tuple[str, ...] | None = None
) -> list[str]:
    found = []
    for relation in schema.relations:
        if kinds and relation.kind not in kinds:
            continue
        problem = check(relation, _field(relation))
        if problem:
            found.append(f"{relation.id}: {problem}")
    return found


def test_every_forward_relation_is_listed_once_on_its_declaring_model(schema):
    # Reached from the other side: every reverse relation Django registered
    # names its forward field; GenericForeignKeys have no reverse side.
    expected = set()
    for model in apps.get_models(include_auto_created=True):
        for rel in model._meta.get_fields(include_hidden=True):
            if not isinstance(rel, ForeignObjectRel):
                continue
            field = rel.field
            if field.model._meta.auto_created or getattr(field, "mti_inherited", False):
                continue
            expected.add(f"{field.model._meta.label}.{field.name}")
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey) and field.model is model:
                expected.add(f"{model._meta.label}.{field.name}")
    listed = [relation.id for relation in schema.relations]
    assert len(listed) == len(set(listed)), "a relation is listed twice"
    assert sorted(set(listed) ^ expected) == []


def test_every_installed_model_is_listed_with_its_table(schema):
    expected = {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
    }
    assert {m.label: m.db_table for m in schema.models} == expected


def test_targets_are_the_models_django_resolved(schema):
    def check(relation, field):
        expected = field.related_model._meta.label if field.related_model else None
        if relation.target != expected:
            return f"target {relation.target} != {expected}"
        return None

    assert _mismatches(schema, check) == []


def test_kinds_follow_djangos_relation_flags(schema):
    def check(relation, field):
        if isinstance(field, GenericForeignKey):
            expected = "generic_foreign_key"
        elif isinstance(field, GenericRelation):
            expected = "generic_relation"
        elif field.many_to_many:
            expected = "many_to_many"
        elif field.one_to_one:
            expected = "one_to_one"
        else:
            assert field.many_to_one, relation.id
            expected = "foreign_key"
        return None if relation.kind == expected else f"{relation.kind} != {expected}"

    assert _mismatches(schema, check) == []


def test_reverse_accessors_are_djangos_accessor_names(schema):
    def check(relation, field):
        rel = field.remote_field
        expected = None if rel.hidden else rel.get_accessor_name()
        if relation.reverse_accessor != expected:
            return f"accessor {relation.reverse_accessor!r} != {expected!r}"
        if relation.hidden != bool(rel.hidden):
            return "hidden flag differs"
        return None

    kinds = ("foreign_key", "one_to_one", "many_to_many", "generic_relation")
    assert _mismatches(schema, check, kinds) == []


def test_installed_reverse_accessors_lead_back_to_the_relation(schema):
    def check(relation, field):
        if not relation.reverse_accessor:
            return None
        target = apps.get_model(relation.target)
        descriptor: Any = None
        for base in target.__mro__:
            descriptor = vars(base).get(relation.reverse_accessor)
            if descriptor is not None:
                break
        installed = descriptor is not None
        if installed != relation.reverse_accessor_installed:
            return (
                f"installed={relation.reverse_accessor_installed}, Django: {installed}"
            )
        if installed:
            rel: Any = getattr(descriptor, "rel", None) or descriptor.related
            if rel.field is not field:
                return (
                    f"{relation.target}.{relation.reverse_accessor} is another field's"
                )
        return None

    assert _mismatches(schema, check) == []


@pytest.mark.django_db
def test_reverse_query_names_work_in_lookups(schema):
    def check(relation, field):
        expected = field.related_query_name()
        expected = None if expected.endswith("+") else expected
        if relation.reverse_query_name != expected:
            return f"query name {relation.reverse_query_name!r} != {expected!r}"
        if expected:
            target = apps.get_model(relation.target)
            # Compiling the query raises FieldError for an unknown lookup.
            str(target._base_manager.filter(**{f"{expected}__isnull": True}).query)
        return None

    kinds = ("foreign_key", "one_to_one", "many_to_many", "generic_relation")
    assert _mismatches(schema, check, kinds) == []


def test_on_delete_is_what_djangos_migration_serializer_writes(schema):
    # The serializer writes what a migration would record: third-party
    # wrappers (django-polymorphic's guard) register serializers that write
    # the action they wrap.
    names = {"CASCADE", "PROTECT", "RESTRICT", "SET", "SET_NULL", "SET_DEFAULT"}
    names |= {"DO_NOTHING", "DB_CASCADE", "DB_SET_NULL", "DB_SET_DEFAULT"}

    def check(relation, field):
        code, _imports = serializer_factory(field.remote_field.on_delete).serialize()
        name = code.split("(")[0].rsplit(".", 1)[-1]
        expected = name if name in names else "CUSTOM"
        if relation.on_delete != expected:
            return f"on_delete {relation.on_delete} != {expected} ({code})"
        return None

    assert _mismatches(schema, check, ("foreign_key", "one_to_one")) == []


def test_wrapped_on_delete_handlers_are_named_by_what_they_do(schema):
    from polymorphic.deletion import PolymorphicGuard

    owner = apps.get_model("thirdparty.Asset")._meta.get_field("owner")
    assert isinstance(owner.remote_field.on_delete, PolymorphicGuard)
    assert schema.relations_by_id["thirdparty.Asset.owner"].on_delete == "SET_NULL"


@pytest.mark.skipif(
    not hasattr(models, "DB_CASCADE"), reason="Django < 6.1 has no DB_* on_delete"
)
def test_database_level_on_delete_is_named_as_such(schema):
    relations = schema.relations_by_id
    assert relations["dbdelete.Session.account"].on_delete == "DB_CASCADE"
    assert relations["dbdelete.Session.previous"].on_delete == "DB_SET_NULL"


def test_set_and_custom_on_delete_name_their_callable(schema):
    post_author = schema.relations_by_id["demo_models.Post.author"]
    assert post_author.on_delete == "SET"
    assert (
        post_author.on_delete_detail == "demo_models.models.accounts.get_sentinel_user"
    )
    editor = schema.relations_by_id["thirdparty.Article.editor"]
    assert editor.on_delete == "CUSTOM"
    assert editor.on_delete_detail == "tests.thirdparty.models.archive_instead"


def test_generic_relations_cascade_and_many_to_many_have_no_on_delete(schema):
    for relation in schema.relations:
        if relation.kind == "generic_relation":
            assert relation.on_delete == "CASCADE", relation.id
        if relation.kind in ("many_to_many", "generic_foreign_key"):
            assert relation.on_delete is None, relation.id


def test_through_models_match_django(schema):
    def check(relation, field):
        through: Any = getattr(field.remote_field, "through", None)
        if relation.kind != "many_to_many":
            return None if relation.through is None else "through on a non-M2M"
        expected = (through._meta.label, bool(through._meta.auto_created))
        got = (relation.through, relation.through_auto)
        return None if got == expected else f"through {got} != {expected}"

    assert _mismatches(schema, check) == []


def test_relation_flags_match_django(schema):
    def check(relation, field):
        expected = {
            "null": bool(field.null),
            "db_constraint": (
                relation.kind in ("foreign_key", "one_to_one") and field.db_constraint
            )
            or (relation.kind == "many_to_many" and field.remote_field.db_constraint),
            "parent_link": bool(getattr(field.remote_field, "parent_link", False)),
            "symmetrical": bool(getattr(field.remote_field, "symmetrical", False)),
        }
        got = {name: getattr(relation, name) for name in expected}
        return None if got == expected else f"{got} != {expected}"

    assert _mismatches(schema, check) == []


def test_model_facts_match_django(schema):
    problems = []
    for node in schema.models:
        model = apps.get_model(node.label)
        opts = model._meta
        expected_parents = tuple(
            p._meta.label for p, link in opts.parents.items() if link is not None
        )
        facts = {
            "proxy": (node.proxy, opts.proxy),
            "auto_created": (node.auto_created, bool(opts.auto_created)),
            "parents": (node.parents, expected_parents),
            "managed": (node.managed, opts.managed),
            "proxy_for": (
                node.proxy_for,
                opts.proxy_for_model._meta.label if opts.proxy else None,
            ),
        }
        problems += [
            f"{node.label}.{name}: {got} != {want}"
            for name, (got, want) in facts.items()
            if got != want
        ]
    assert problems == []


def test_field_records_match_django(schema):
    problems = []
    for node in schema.models:
        opts = apps.get_model(node.label)._meta
        forward = [
            f
            for f in opts.get_fields(include_hidden=True)
            if not isinstance(f, ForeignObjectRel)
        ]
        if [f.name for f in node.fields] != [f.name for f in forward]:
            problems.append(f"{node.label}: fields {[f.name for f in node.fields]}")
            continue
        for record, field in zip(node.fields, forward, strict=True):
            want = (
                getattr(field, "column", None),
                field.get_internal_type(),
                field.null,
                field.primary_key,
                field.unique,
                str(field.verbose_name),
                field.model._meta.label,
            )
            got = (
                record.column,
                record.internal_type,
                record.null,
                record.primary_key,
                record.unique,
                record.verbose_name,
                record.declared_on,
            )
            if got != want:
                problems.append(f"{node.label}.{record.name}: {got} != {want}")
    assert problems == []


def test_field_records_behave_as_a_tuple(schema):
    book = schema.models_by_label["demo_models.Book"]
    records = tuple(book.fields)
    assert len(book.fields) == len(records) > 3
    assert book.fields[0] == records[0] and book.fields[-2:] == records[-2:]
    assert book.fields == records and hash(book.fields) == hash(records)
    assert book == book._replace(fields=records)


# -- django-extensions' ModelGraph ------------------------------------------

GRAPH_MODELS_TYPES = {
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
    "GenericRelation",
    "TreeForeignKey",
}


@pytest.fixture(scope="module")
def graph_models():
    graph = ModelGraph([], all_applications=True)
    graph.generate_graph_data()
    return [model for app in graph.graphs for model in app["models"]]


def _target_key(label: str) -> tuple[str, str]:
    model = apps.get_model(label)
    return model.__module__.replace(".", "_"), model.__name__


def test_graph_models_edges_are_all_in_erviz(schema, graph_models):
    """Every field edge graph_models draws is an erviz relation, same target."""
    missing = []
    for node in graph_models:
        if node["model"]._meta.abstract:
            continue
        source = node["model"]._meta.label
        for edge in node["relations"]:
            if edge["type"] == "inheritance":
                continue
            relation = schema.relations_by_id.get(f"{source}.{edge['name']}")
            if relation is None:
                missing.append(f"{source}.{edge['name']}: not in erviz")
            elif _target_key(relation.target) != (edge["target_app"], edge["target"]):
                missing.append(f"{relation.id}: target differs from graph_models")
    assert missing == []


def test_erviz_relations_graph_models_omits_are_only_the_kinds_it_skips(
    schema, graph_models
):
    """graph_models draws no GenericForeignKey, no GenericRelation (it looks
    for them among local_many_to_many, where Django never puts them), no
    explicit-through or manager-based many-to-many (the through model's FKs
    are drawn instead) and no parent link as a field (it draws inheritance)."""
    drawn = {
        f"{node['model']._meta.label}.{edge['name']}"
        for node in graph_models
        for edge in node["relations"]
        if edge["type"] != "inheritance"
    }
    unexplained = [
        relation.id
        for relation in schema.relations
        if relation.id not in drawn
        and not (
            relation.kind in ("generic_foreign_key", "generic_relation")
            or relation.parent_link
            or (relation.kind == "many_to_many" and not relation.through_auto)
            or (
                relation.kind == "many_to_many"
                and not isinstance(_field(relation), models.ManyToManyField)
            )
        )
    ]
    assert unexplained == []


def test_graph_models_inheritance_is_erviz_parents_proxies_and_abstract_bases(
    schema, graph_models
):
    drawn = {
        (node["model"]._meta.label, (edge["target_app"], edge["target"]))
        for node in graph_models
        if not node["model"]._meta.abstract
        for edge in node["relations"]
        if edge["type"] == "inheritance"
    }
    ours = set()
    for node in schema.models:
        if node.auto_created:
            continue
        for parent in node.parents:
            ours.add((node.label, _target_key(parent)))
        if node.proxy_for:
            # graph_models draws the class's direct model base.
            base = apps.get_model(node.label).__bases__[0]
            ours.add((node.label, (base.__module__.replace(".", "_"), base.__name__)))
        for dotted in node.abstract_bases:
            module, _, name = dotted.rpartition(".")
            base = next(
                b for b in apps.get_model(node.label).__mro__ if b.__name__ == name
            )
            if base in apps.get_model(node.label).__bases__:
                ours.add((node.label, (module.replace(".", "_"), name)))
    assert sorted(drawn ^ ours) == []
