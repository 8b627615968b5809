"""What deleting a row reaches, at schema level (``erviz diff``'s
``delete_reach``): the closure against one written here from Django's own
fields, and the diff's sentence, location and ``--fail-on delete-reach``."""

from __future__ import annotations

import copy
import json
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core.management import CommandError, call_command
from django.db import models

from erviz.render.json_export import schema_document
from erviz.review.delete_reach import ReachIndex
from erviz.schema import build_schema

DELETING = {models.CASCADE, getattr(models, "DB_CASCADE", models.CASCADE)}
UPDATING = {models.SET_NULL, models.SET_DEFAULT}
UPDATING_BY_DATABASE = {
    getattr(models, name)
    for name in ("DB_SET_NULL", "DB_SET_DEFAULT")
    if hasattr(models, name)
}


def keys_into(target: Any) -> list[Any]:
    """Every foreign key and one-to-one of every model (link tables too)
    whose concrete target is ``target``."""
    return [
        field
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.local_fields
        if field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.related_model is not None
        and field.related_model._meta.concrete_model is target
    ]


def unguarded(on_delete: Any) -> Any:
    """django-polymorphic guards a model's handlers: the guard calls the
    action it holds in ``.action``."""
    return getattr(on_delete, "action", on_delete)


def updates_rows(on_delete: Any) -> bool:
    if on_delete in UPDATING or on_delete in UPDATING_BY_DATABASE:
        return True
    deconstruct = getattr(on_delete, "deconstruct", None)
    return bool(deconstruct and deconstruct()[0] == "django.db.models.SET")


def expected_reach(model: Any) -> tuple[set[str], set[str], set[str]]:
    """Deletes, updates and blockers of deleting one row of ``model``,
    written from the definitions with Django's fields."""
    root = model._meta.concrete_model
    deleted = {root}
    queue = [root]
    while queue:
        here = queue.pop()
        for field in keys_into(here):
            on_delete = unguarded(field.remote_field.on_delete)
            if field.remote_field.parent_link or on_delete in DELETING:
                reached = field.model._meta.concrete_model
                if reached not in deleted:
                    deleted.add(reached)
                    queue.append(reached)
        for field in here._meta.local_fields:
            if getattr(field.remote_field, "parent_link", False):
                parent = field.related_model._meta.concrete_model
                if parent not in deleted:
                    deleted.add(parent)
                    queue.append(parent)
        for field in here._meta.private_fields:
            if isinstance(field, GenericRelation):
                holder = field.related_model._meta.concrete_model
                if holder not in deleted:
                    deleted.add(holder)
                    queue.append(holder)
    updates: set[str] = set()
    blockers: set[str] = set()
    for here in deleted:
        for field in keys_into(here):
            if field.remote_field.parent_link:
                continue
            source = field.model._meta.concrete_model
            kept = source is root or source not in deleted
            action = unguarded(field.remote_field.on_delete)
            relation_id = f"{field.model._meta.label}.{field.name}"
            if updates_rows(action) and kept:
                updates.add(source._meta.label)
            elif action is models.PROTECT or (action is models.RESTRICT and kept):
                blockers.add(relation_id)
    return (
        {m._meta.label for m in deleted - {root}},
        updates,
        blockers,
    )


def test_the_reach_of_every_model_follows_the_definitions():
    index = ReachIndex(json.loads(json.dumps(schema_document(build_schema()))))
    compared = 0
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        reach = index.reach(model._meta.label)
        deletes, updates, blockers = expected_reach(model)
        assert set(reach.deletes) == deletes, model._meta.label
        assert set(reach.updates) == updates, model._meta.label
        assert set(reach.blockers) == blockers, model._meta.label
        compared += bool(deletes or updates or blockers)
    assert compared > 10


def test_a_selection_without_its_link_tables_still_has_a_reach():
    """A document of some models may leave out the auto-created link
    tables their many-to-many fields store rows in (a page's selection):
    the reach names them still, and the rest is as with them."""
    document = json.loads(json.dumps(schema_document(build_schema())))
    links = {m["label"] for m in document["models"] if m["auto_created"]}
    assert links
    cut = {
        **document,
        "models": [m for m in document["models"] if m["label"] not in links],
    }
    whole, partial = ReachIndex(document), ReachIndex(cut)
    for model in cut["models"]:
        if model["proxy"]:
            continue
        label = model["label"]
        assert (
            partial.reach(label).deletes.keys() == whole.reach(label).deletes.keys()
        ), label
        assert partial.reach(label).blockers == whole.reach(label).blockers, label


@pytest.fixture
def protected_before(tmp_path):
    """An export of the project where Order.customer was PROTECT (it is
    CASCADE now)."""
    document = json.loads(json.dumps(schema_document(build_schema())))
    old = copy.deepcopy(document)
    (relation,) = [
        r for r in old["relations"] if r["id"] == "demo_models.Order.customer"
    ]
    assert relation["on_delete"] == "CASCADE"
    relation["on_delete"] = "PROTECT"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    return path


def diff(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("erviz", "diff", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_diff_says_what_a_delete_now_reaches(protected_before):
    text, _ = diff(str(protected_before))
    assert (
        "Deleting a demo_models.Customer now also deletes demo_models.Order "
        "(through demo_models.Order.customer, CASCADE), demo_models.OrderLine "
        "(through demo_models.OrderLine.order, CASCADE); is no longer refused by "
        "demo_models.Order.customer (PROTECT)"
    ) in text
    document = json.loads(diff(str(protected_before), "--format", "json")[0])
    customer = next(
        r for r in document["delete_reach"] if r["model"] == "demo_models.Customer"
    )
    assert customer["deletes_added"] == ["demo_models.Order", "demo_models.OrderLine"]
    assert customer["blockers_removed"] == ["demo_models.Order.customer"]
    assert customer["deletes_removed"] == customer["updates_added"] == []
    models_ = [r["model"] for r in document["delete_reach"]]
    assert models_ == sorted(models_)


def test_a_delete_reaching_more_fails_ci_and_is_annotated_on_the_field(
    protected_before,
):
    with pytest.raises(CommandError) as failed:
        diff(str(protected_before), "--fail-on", "delete-reach")
    assert failed.value.returncode == 1
    sarif = json.loads(diff(str(protected_before), "--format", "sarif")[0])
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "delete_reach"]
    assert results
    located = results[0]["locations"][0]["physicalLocation"]
    source = located["artifactLocation"]["uri"]
    line = located["region"]["startLine"]
    assert source.endswith(".py")
    from pathlib import Path

    from demo_models.models import Order

    code = Path(Order.customer.field.model.__module__.replace(".", "/") + ".py")
    assert source.endswith(str(code))
    assert "customer" in code.read_text().splitlines()[line - 1]
    github = diff(str(protected_before), "--format", "github")[0]
    assert "::warning" in github and "delete_reach" in github
    # The same export against itself: nothing reaches further.
    same, _ = diff(str(protected_before), str(protected_before), "--format", "json")
    assert json.loads(same)["delete_reach"] == []


@pytest.mark.parametrize("seed", range(4))
def test_the_reach_of_all_models_at_once_is_each_models_own(seed):
    """reach_changes compares every model's reach computed at once (bitsets
    over the delete graph's strongly connected parts): on random changes of
    on_delete and target, and a relation removed, it finds what walking
    each model's reach finds."""
    import random

    from erviz.review.delete_reach import _LISTS, reach_changes

    new = json.loads(json.dumps(schema_document(build_schema())))
    old = copy.deepcopy(new)
    rng = random.Random(seed)
    keys = [r for r in old["relations"] if r["kind"] in ("foreign_key", "one_to_one")]
    labels = [m["label"] for m in old["models"]]
    for relation in rng.sample(keys, 6):
        relation["on_delete"] = rng.choice(
            ["CASCADE", "PROTECT", "RESTRICT", "SET_NULL"]
        )
    rng.choice(keys)["target"] = rng.choice(labels)
    old["relations"].remove(rng.choice(keys))
    before, after = ReachIndex(old), ReachIndex(new)
    everything = set()
    for label in set(before.models) & set(after.models):
        if label in before.proxy_for or label in after.proxy_for:
            continue
        was, now = before.reach(label), after.reach(label)
        if (was.deletes.keys(), was.updates.keys(), was.blockers) != (
            now.deletes.keys(),
            now.updates.keys(),
            now.blockers,
        ):
            everything.add(label)
    found = reach_changes(old, new)
    assert {change.model for change, _, _ in found} == everything
    assert everything  # the changes did change some reach
    assert all(any(getattr(c, name) for name in _LISTS) for c, _, _ in found)
