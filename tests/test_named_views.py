"""Named views (ERVIZ["VIEWS"]): ``export --view`` draws exactly the
expanded selection, the overview lists them, and a stale one is the system
check erviz.W030 and lint's L010, said once."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core import checks
from django.core.management import CommandError, call_command

VIEWS: dict[str, Any] = {
    "catalog": {
        "title": "The catalog",
        "models": ["demo_models.Book", "demo_models.Author"],
        "depth": 1,
        "exclude": ["demo_models.Publisher"],
    },
    "organisation": {"models": ["demo_models.Department", "auth.*"]},
    "stale": {"models": ["demo_models.Book", "demo_models.Gone", "nowhere.*"]},
}


def neighbours(label: str) -> set[str]:
    """The models one relation away from ``label`` either way, read from
    Django's ``_meta`` (every relation field and every reverse one)."""
    model = apps.get_model(label)
    found = set()
    for field in model._meta.get_fields(include_hidden=True):
        related: Any = field.related_model
        if field.is_relation and related is not None and not isinstance(related, str):
            found.update([] if related._meta.auto_created else [related._meta.label])
    return found


def expected(models: list[str], depth: int, exclude: list[str]) -> set[str]:
    chosen = set(models)
    for _ in range(depth):
        chosen |= {n for label in chosen for n in neighbours(label)}
    kept = chosen - set(exclude)
    # The link tables of many-to-many relations between two kept models.
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            ends = {
                f.related_model._meta.label
                for f in model._meta.fields
                if f.is_relation and f.related_model is not None
            }
            if ends <= kept:
                kept.add(model._meta.label)
    return kept


def exported(*args: str) -> tuple[dict[str, Any], str]:
    out, err = StringIO(), StringIO()
    call_command("erviz", "export", "--format", "json", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_export_view_draws_exactly_the_expanded_selection(settings):
    settings.ERVIZ = {"VIEWS": VIEWS}
    # Not even the small box of a relation's other end: an excluded model
    # is never drawn.
    dot = StringIO()
    call_command("erviz", "export", "--view", "catalog", "--format", "dot", stdout=dot)
    assert "demo_models.Author" in dot.getvalue()
    assert "demo_models.Publisher" not in dot.getvalue()
    document, _ = exported("--view", "catalog")
    labels = {m["label"] for m in document["models"]}
    view = VIEWS["catalog"]
    assert labels == expected(view["models"], view["depth"], view["exclude"])
    # An excluded model is never drawn, not even as a neighbour of Book.
    assert "demo_models.Publisher" in neighbours("demo_models.Book")
    assert "demo_models.Publisher" not in labels
    whole_app, _ = exported("--view", "organisation")
    auth = {m._meta.label for m in apps.get_app_config("auth").get_models()}
    assert {m["label"] for m in whole_app["models"]} == expected(
        ["demo_models.Department", *auth], 0, []
    )


def test_a_stale_view_is_drawn_without_its_stale_entries_and_said(settings):
    settings.ERVIZ = {"VIEWS": VIEWS}
    document, err = exported("--view", "stale")
    assert {m["label"] for m in document["models"]} == {"demo_models.Book"}
    assert "'demo_models.Gone'" in err and "'nowhere.*'" in err and "W030" in err
    found = [m for m in checks.run_checks() if m.id == "erviz.W030"]
    assert sorted(m.msg.split(" names ")[1].split(",")[0] for m in found) == [
        "'demo_models.Gone'",
        "'nowhere.*'",
    ]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("erviz", "lint", "--format", "json", stdout=out)
    l010 = [f for f in json.loads(out.getvalue())["findings"] if f["rule"] == "L010"]
    assert sorted(f["model"] for f in l010) == ["demo_models.Gone", "nowhere.*"]


def test_with_lint_checks_a_stale_view_is_reported_once(settings):
    settings.ERVIZ = {"VIEWS": VIEWS, "LINT_CHECKS": True}
    messages = checks.run_checks()
    stale = [m for m in messages if "demo_models.Gone" in m.msg]
    assert [m.id for m in stale] == ["erviz.W030"]


@pytest.mark.parametrize(
    "views",
    [
        {"x": {"models": []}},
        {"x": {"models": ["demo_models"]}},
        {"x": {"models": ["demo_models.Book"], "depth": 99}},
        {"x": {"models": ["demo_models.Book"], "colour": "red"}},
        {"bad name!": {"models": ["demo_models.Book"]}},
        ["demo_models.Book"],
    ],
)
def test_a_malformed_view_is_a_settings_error(settings, views):
    settings.ERVIZ = {"VIEWS": views}
    errors = [m for m in checks.run_checks() if m.id == "erviz.E005"]
    assert len(errors) == 1 and "VIEWS" in errors[0].msg


@pytest.mark.parametrize(
    "args",
    [
        ["--view", "nope"],
        ["--view", "catalog", "demo_models"],
        ["--view", "catalog", "--model", "demo_models.Book"],
    ],
)
def test_an_unknown_view_or_a_second_selection_exits_2(settings, args):
    settings.ERVIZ = {"VIEWS": VIEWS}
    with pytest.raises(CommandError) as error:
        exported(*args)
    assert error.value.returncode == 2
    if args[1] == "nope":
        assert "unknown view 'nope' (views: catalog, organisation, stale)" in str(
            error.value
        )


@pytest.mark.django_db
def test_the_overview_lists_the_views_and_draws_one(settings, admin_client):
    settings.ERVIZ = {"VIEWS": VIEWS}
    page = admin_client.get("/admin/erviz/").content.decode()
    assert 'href="?view=catalog"' in page and ">The catalog<" in page
    drawn = admin_client.get("/admin/erviz/?view=catalog&level=models")
    assert drawn.status_code == 200
    text = drawn.content.decode()
    assert "<title>The catalog" in text or "The catalog" in text
    assert 'data-model="demo_models.Book"' in text
    assert 'data-model="demo_models.Publisher"' not in text
    assert 'aria-current="page">The catalog<' in text
    # The download is the view's picture.
    download = admin_client.get("/admin/erviz/export/json/?view=catalog")
    labels = {m["label"] for m in json.loads(download.content)["models"]}
    view = VIEWS["catalog"]
    assert labels == expected(view["models"], view["depth"], view["exclude"])
    assert admin_client.get("/admin/erviz/?view=nope").status_code == 404
    assert admin_client.get("/admin/erviz/?view=%3Cx%3E").status_code == 400
