"""Property test: on models generated at random, erviz's one delete
semantics agrees with Django.

Hypothesis draws a small project (two to four models, each with up to two
nullable foreign keys to itself or an earlier model, each on_delete one of
Django's actions, plain or wrapped) and rows in it; the tables are created
for the example and dropped after it. For a random row, the delete preview
(counting in SQL and by primary keys) must equal Django's Collector, and
the schema's cascade tree must reach every model the Collector deletes and
name every blocker's model.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import defaultdict
from typing import Any

import pytest
from django.db import connection, models
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.test.utils import isolate_apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erviz.rows.delete_preview import preview_delete
from erviz.schema.cascade_plan import plan_cascade
from erviz.schema.introspect import build_schema
from tests.test_cascade_property import ACTIONS_ON_A_NULLABLE_KEY, wrapped_by

pytestmark = pytest.mark.django_db(transaction=True)

_names = itertools.count()

#: A drawn project: per model, its foreign keys as (target index, action
#: name, wrapper).
Design = list[list[tuple[int, str, str]]]


@st.composite
def designs(draw: st.DrawFn) -> Design:
    design: Design = []
    for index in range(draw(st.integers(2, 4))):
        design.append(
            [
                (
                    draw(st.integers(0, index)),
                    draw(st.sampled_from(sorted(ACTIONS_ON_A_NULLABLE_KEY))),
                    draw(st.sampled_from(["plain", "partial", "wraps"])),
                )
                for _ in range(draw(st.integers(0 if index else 1, 2)))
            ]
        )
    return design


def declare(design: Design) -> list[type[models.Model]]:
    """The drawn models, in an app registry of their own."""
    declared: list[type[models.Model]] = []
    prefix = f"Gen{next(_names)}"
    for index, keys in enumerate(design):
        attributes: dict[str, Any] = {
            "__module__": __name__,
            "Meta": type("Meta", (), {"app_label": "demo_models"}),
        }
        for number, (target, action, wrapper) in enumerate(keys):
            attributes[f"k{number}"] = models.ForeignKey(
                "self" if target == index else declared[target],
                null=True,
                on_delete=wrapped_by(wrapper, ACTIONS_ON_A_NULLABLE_KEY[action]),
                related_name=f"m{index}_k{number}",
            )
        declared.append(type(f"{prefix}M{index}", (models.Model,), attributes))
    return declared


def collector_answer(obj: models.Model) -> tuple[dict, dict, set]:
    """Deleted rows per model, updated rows per field and blocking rows, as
    Django's Collector finds them."""
    collector = Collector(using="default")
    blockers: set[tuple[str, Any]] = set()
    try:
        collector.collect([obj])
    except ProtectedError as error:
        blockers = {(o._meta.label, o.pk) for o in error.protected_objects}
        return {}, {}, blockers
    except RestrictedError as error:
        blockers = {(o._meta.label, o.pk) for o in error.restricted_objects}
    deleted: dict[str, set[Any]] = defaultdict(set)
    for model, instances in collector.data.items():
        deleted[model._meta.label] |= {o.pk for o in instances}
    for queryset in collector.fast_deletes:
        deleted[queryset.model._meta.label] |= set(
            queryset.values_list("pk", flat=True)
        )
    updated: dict[str, int] = defaultdict(int)
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            rows: Any = batch
            count = rows.count() if isinstance(rows, models.QuerySet) else len(rows)
            updated[f"{field.model._meta.label}.{field.name}"] += count
    return (
        {label: len(pks) for label, pks in deleted.items() if pks},
        {key: count for key, count in updated.items() if count},
        blockers,
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(design=designs(), data=st.data())
def test_preview_and_tree_agree_with_django_on_generated_models(design, data, walk):
    with isolate_apps("demo_models") as registry:
        declared = declare(design)
        with connection.schema_editor() as editor:
            for model in declared:
                editor.create_model(model)
        try:
            rows: list[models.Model] = []
            for model in declared:
                for _ in range(data.draw(st.integers(1, 3))):
                    values = {
                        f.name: data.draw(
                            st.sampled_from(
                                [None, *(r for r in rows if type(r) is f.related_model)]
                            )
                        )
                        for f in model._meta.concrete_fields
                        if f.is_relation
                    }
                    rows.append(model._default_manager.create(**values))
            # Links back to later rows (self and cycles through earlier models).
            for row in rows:
                for f in type(row)._meta.concrete_fields:
                    if f.is_relation and data.draw(st.booleans()):
                        targets = [r for r in rows if type(r) is f.related_model]
                        setattr(row, f.name, data.draw(st.sampled_from(targets)))
                        row.save(update_fields=[f.name])
            obj = data.draw(st.sampled_from(rows))

            preview = preview_delete(obj)
            deleted, updated, blockers = collector_answer(obj)
            # A cycle SQL cannot follow is walked by keys.
            assert preview.walk in (walk, "keys")
            assert set(preview.protected) | set(preview.restricted) == blockers
            if not blockers:  # the Collector stops at the first blocker
                assert preview.deleted == deleted
                assert preview.updated == updated

            tree = plan_cascade(build_schema(registry), obj._meta.label)
            assert set(deleted) <= tree.reached
            assert {label for label, _pk in blockers} <= {
                node.model
                for node in tree.nodes
                if node.effect in ("protected", "restricted")
            }
        finally:
            with connection.schema_editor() as editor:
                for model in reversed(declared):
                    with contextlib.suppress(Exception):
                        editor.delete_model(model)
