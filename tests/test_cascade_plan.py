"""The schema-level cascade agrees with Django's Collector on real rows."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from erviz.schema.cascade_plan import plan_cascade
from erviz.schema.cascade_report import plan_summary

pytestmark = pytest.mark.django_db


def collect(obj):
    """What Django's Collector does when ``obj`` is deleted (nothing runs)."""
    collector = Collector(using="default")
    blocked: set[str] = set()
    try:
        collector.collect([obj])
    except ProtectedError as error:
        blocked = {type(o)._meta.label for o in error.protected_objects}
    except RestrictedError as error:
        blocked = {type(o)._meta.label for o in error.restricted_objects}
    deleted = {model._meta.label for model, rows in collector.data.items() if rows}
    deleted |= {qs.model._meta.label for qs in collector.fast_deletes if qs.exists()}
    updated = {field.model._meta.label for field, _value in collector.field_updates}
    return deleted, updated, blocked


def test_every_model_django_deletes_updates_or_blocks_is_in_the_plan(schema, seeded):
    problems = []
    checked = 0
    for model in apps.get_app_config("demo_models").get_models():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        checked += 1
        plan = plan_cascade(schema, model._meta.label)
        deleted, updated, blocked = collect(obj)
        deleted -= {type(obj)._meta.label, model._meta.label}
        planned_deleted = plan.deleted_models | {
            n.model for n in plan.nodes if n.effect == "restricted" and n.allowed
        }
        planned_updated = {n.model for n in plan.nodes if n.effect == "updated"}
        planned_blockers = {n.model for n in plan.blockers}
        for what, got, planned in (
            ("deleted", deleted, planned_deleted),
            ("updated", updated, planned_updated),
            ("blocked", blocked, planned_blockers),
        ):
            if not got <= planned:
                problems.append(f"{model._meta.label} {what}: {sorted(got - planned)}")
    assert checked > 20
    assert problems == []


def test_protect_and_restrict_block_and_a_cascade_path_lets_restrict_through(schema):
    department = plan_cascade(schema, "demo_models.Department")
    assert [n.relation and n.relation.id for n in department.blockers] == [
        "demo_models.Project.lead"
    ]
    product = plan_cascade(schema, "demo_models.Product")
    assert [n.relation and n.relation.id for n in product.blockers] == [
        "demo_models.OrderLine.product"
    ]
    store = plan_cascade(schema, "demo_models.Store")
    assert store.blockers == []
    assert any(n.effect == "restricted" and n.allowed for n in store.nodes)


def test_self_references_are_cycles_not_loops(schema):
    plan = plan_cascade(schema, "demo_models.Category")
    children = [n for n in plan.root.children if n.model == "demo_models.Category"]
    assert children and children[0].cycle and not children[0].children


def test_inheritance_links_and_generic_rows_are_deleted(schema):
    store = plan_cascade(schema, "demo_models.Store")
    assert any(
        n.effect == "parent" and n.model == "demo_models.Place" for n in store.nodes
    )
    book = plan_cascade(schema, "demo_models.Book")
    effects = {(n.model, n.effect) for n in book.nodes}
    assert ("demo_models.Note", "deleted") in effects
    assert ("demo_models.Book_categories", "links") in effects
    assert ("demo_models.Product", "updated") in effects


def test_summary_counts_models_apps_and_blockers(schema):
    plan = plan_cascade(schema, "demo_models.Department")
    assert plan_summary(plan, schema) == (
        "Deleting a Department reaches 3 models in 1 app; 1 relation can block it."
    )


def test_cascade_command_prints_a_tree_and_json(schema):
    out = StringIO()
    call_command("erviz", "cascade", "demo_models.Department", stdout=out)
    text = out.getvalue()
    assert "└─ demo_models.Employee via demo_models.Employee.department" in text
    assert "BLOCKS the delete (PROTECT)" in text
    out = StringIO()
    call_command(
        "erviz", "cascade", "demo_models.department", "--format", "json", stdout=out
    )
    document = json.loads(out.getvalue())
    assert document["model"] == "demo_models.Department"
    assert document["blockers"] == ["demo_models.Project.lead"]
    assert document["tree"]["children"][0]["model"] == "demo_models.Employee"


def test_cascade_command_rejects_unknown_models():
    with pytest.raises(CommandError, match="Unknown model") as error:
        call_command("erviz", "cascade", "demo_models.Nope")
    assert error.value.returncode == 2


def test_cascade_page_shows_the_tree_and_the_picture(admin_client):
    html = admin_client.get(
        "/admin/erviz/models/demo_models.Department/cascade/"
    ).content.decode()
    assert "Deleting a Department reaches 3 models in 1 app" in html
    assert "BLOCKS the delete (PROTECT)" in html
    assert 'data-model="demo_models.Project"' in html
    assert (
        admin_client.get("/admin/erviz/models/demo_models.Nope/cascade/").status_code
        == 404
    )
    png = admin_client.get("/admin/erviz/export/png/?cascade=demo_models.Department")
    assert png.content.startswith(b"\x89PNG")


def test_every_on_delete_action_is_one_record_that_every_layer_reads():
    """The plan's effect, the edge's look, the legend and the sentence of an
    action all come from erviz.on_delete: one record per action."""
    from erviz import on_delete
    from erviz.render import notation

    assert set(notation.ACTIONS) == set(on_delete.ACTIONS)
    for name, action in on_delete.ACTIONS.items():
        drawn = notation.ACTIONS[name]
        assert (drawn.color, drawn.style, drawn.meaning) == (
            action.color,
            action.style,
            action.legend,
        )
        assert action.sentence and action.effect
    # Django's own functions, where this Django has them, by identity.
    from django.db.models import deletion

    assert on_delete.DJANGO_FUNCTIONS["CASCADE"] is deletion.CASCADE
    assert "SET" not in on_delete.DJANGO_FUNCTIONS
