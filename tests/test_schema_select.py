from __future__ import annotations

import re

import pytest
from django.apps import apps
from django_extensions.management.modelviz import use_model

from erviz.schema.select import SelectionError, neighbourhood, select, subschema


def test_app_labels_select_that_apps_models_and_their_m2m_tables(schema):
    chosen = select(schema, app_labels=["flatpages"])
    assert chosen == {"flatpages.FlatPage", "flatpages.FlatPage_sites"}


def test_no_app_label_selects_every_model(schema):
    assert select(schema) == set(schema.models_by_label)


@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (["Book"], []),
        (["Book*"], []),
        (["*Book*", "Author"], []),
        ([], ["Book*", "*Line"]),
        ([], ["Order"]),
        (["Order*"], ["OrderLine"]),
    ],
)
def test_name_patterns_mean_what_graph_models_means(schema, include, exclude):
    ours = select(
        schema,
        app_labels=["demo_models"],
        include_models=include,
        exclude_models=exclude,
    )
    theirs = {
        model._meta.label
        for model in apps.get_app_config("demo_models").get_models()
        if use_model(model._meta.object_name, ",".join(include), ",".join(exclude))
    }
    assert {
        label for label in ours if not schema.models_by_label[label].auto_created
    } == theirs


def test_patterns_may_name_labels(schema):
    assert select(schema, include_models=["demo_models.Book"]) >= {"demo_models.Book"}
    assert "auth.User" not in select(schema, exclude_models=["auth.User"])


def test_exclude_may_name_an_app_label_or_a_db_table(schema):
    without_auth = select(schema, exclude_models=["auth"])
    assert not any(label.startswith("auth.") for label in without_auth)
    assert "demo_models.Book" not in select(schema, exclude_models=["demo_models_book"])


def test_excluded_model_takes_its_m2m_table_along(schema):
    chosen = select(schema, app_labels=["demo_models"], exclude_models=["Book"])
    assert "demo_models.Book_categories" not in chosen
    assert "demo_models.Post_tags" in chosen


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"app_labels": ["nope"]}, "Unknown app label(s): nope"),
        ({"include_models": ["Nothing*"]}, "matching no model: Nothing*"),
        ({"exclude_models": ["Ghost"]}, "matching no model: Ghost"),
    ],
)
def test_unknown_labels_and_unmatched_patterns_are_errors(schema, kwargs, message):
    with pytest.raises(SelectionError, match=re.escape(message)):
        select(schema, **kwargs)


def test_neighbourhood_follows_relations_by_direction(schema):
    out = neighbourhood(schema, "demo_models.Book", depth=1, direction="out")
    assert out == {
        "demo_models.Book",
        "demo_models.Author",
        "demo_models.Publisher",
        "demo_models.Category",
        "demo_models.Note",
    }
    incoming = neighbourhood(schema, "demo_models.Book", depth=1, direction="in")
    assert {"demo_models.AuthorBook", "demo_models.Product"} <= incoming
    assert "demo_models.Publisher" not in incoming
    both = neighbourhood(schema, "demo_models.Book", depth=1)
    assert out | incoming == both


def test_neighbourhood_grows_with_depth_and_stops_when_nothing_is_new(schema):
    one = neighbourhood(schema, "demo_models.OrderLine", depth=1)
    two = neighbourhood(schema, "demo_models.OrderLine", depth=2)
    assert one < two
    everything = neighbourhood(schema, "demo_models.OrderLine", depth=10_000)
    assert everything == neighbourhood(schema, "demo_models.OrderLine", depth=100)


def test_neighbourhood_rejects_unknown_models_and_directions(schema):
    with pytest.raises(SelectionError, match="Unknown model"):
        neighbourhood(schema, "demo_models.Nope")
    with pytest.raises(SelectionError, match="direction"):
        neighbourhood(schema, "demo_models.Book", direction="sideways")  # type: ignore[arg-type]


def test_subschema_keeps_the_chosen_models_and_their_relations(schema):
    part = subschema(schema, {"demo_models.Book", "demo_models.Author"})
    assert [m.label for m in part.models] == ["demo_models.Author", "demo_models.Book"]
    assert {r.source for r in part.relations} == {"demo_models.Book"}
    assert [app.label for app in part.apps] == ["demo_models"]
