"""The schema at a migration: ``erviz export --at`` and ``erviz diff
--old-at`` agree with what ``manage.py migrate`` does, and never touch the
database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from erviz.render.json_export import render_json, schema_document
from erviz.schema import build_schema
from erviz.schema.select import subschema


def export_at(*targets: str) -> dict:
    out = StringIO()
    args = [arg for target in targets for arg in ("--at", target)]
    call_command("erviz", "export", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def without_state(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in ("state", "fingerprint")}


def migrated_state() -> dict:
    """The schema of Django's own state of the test database, as migrate
    left it (``MigrationExecutor`` reads what the database has applied)."""
    # The state migrate itself builds from the database's applied
    # migrations (a private method, which the stubs do not list).
    executor: Any = MigrationExecutor(connection)
    state = executor._create_project_state(with_applied_migrations=True)
    schema = build_schema(state.apps)
    # As the export writes it: every model, the apps that have some.
    chosen = subschema(schema, [m.label for m in schema.models])
    return json.loads(render_json(chosen))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "targets",
    [
        ("demo_models.0001",),
        ("thirdparty.0001_initial",),
        ("demo_models.zero",),
        # A later target re-applies what an earlier one unapplied.
        ("demo_models.zero", "thirdparty.0002"),
    ],
)
def test_the_state_at_a_migration_is_what_migrate_leaves(targets):
    try:
        for target in targets:
            app_label, name = target.split(".")
            call_command("migrate", app_label, name, verbosity=0)
        expected = migrated_state()
    finally:
        call_command("migrate", verbosity=0)
    document = export_at(*targets)
    assert without_state(document) == without_state(expected)
    assert document["state"]["source"] == "migrations"
    assert len(document["state"]["at"]) == len(targets)
    assert all(
        a.startswith(t.split(".")[0])
        for a, t in zip(document["state"]["at"], targets, strict=True)
    )


def test_targets_are_resolved_to_full_names_and_zero():
    state = export_at("demo_models.0001", "demo_models.zero")["state"]
    assert state == {
        "source": "migrations",
        "at": ["demo_models.0001_initial", "demo_models.zero"],
        "absent": ["generic_foreign_key", "generic_relation"],
    }
    assert export_at("thirdparty.0002")["state"]["at"] == ["thirdparty.0002_marked"]


def test_the_live_export_says_it_reads_the_models():
    out = StringIO()
    call_command("erviz", "export", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["state"] == {"source": "models"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app_label", "name"),
    [
        ("demo_models", "0"),  # ambiguous: 0001 and 0002
        ("demo_models", "9999"),
        ("nope", "0001"),
        ("oddkeys", "0001"),  # an app without migrations
    ],
)
def test_a_target_migrate_refuses_exits_2_with_djangos_message(app_label, name):
    with pytest.raises(CommandError) as refused:
        call_command("migrate", app_label, name, verbosity=0)
    with pytest.raises(CommandError) as error:
        export_at(f"{app_label}.{name}")
    assert error.value.returncode == 2
    assert str(error.value) == str(refused.value)


def test_no_database_is_asked(monkeypatch):
    """The migration files alone: with every connection refusing to run a
    statement, the state is still built."""
    from contextlib import ExitStack

    def refuse(*args, **kwargs):
        raise AssertionError("erviz export --at queried the database")

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(refuse))
        document = export_at("thirdparty.0001")
    labels = {m["label"] for m in document["models"]}
    assert "thirdparty.Document" in labels and "thirdparty.Marked" not in labels


def test_no_generic_relation_is_in_a_migration_state():
    document = export_at("thirdparty.0002")
    kinds = {r["kind"] for r in document["relations"]}
    assert not kinds & {"generic_foreign_key", "generic_relation"}
    live = {r["kind"] for r in schema_document(build_schema())["relations"]}
    assert {"generic_foreign_key", "generic_relation"} <= live


def test_diff_against_a_migration_state_lists_what_later_migrations_add(tmp_path):
    """``diff --old-at``: the models and relations thirdparty's 0002 adds,
    as a diff of two exported files says, and no generic relation."""
    out, err = StringIO(), StringIO()
    call_command(
        "erviz", "diff", "--old-at", "thirdparty.0001", "--format", "json",
        stdout=out, stderr=err,
    )  # fmt: skip
    changes = json.loads(out.getvalue())["changes"]
    subjects = {c["subject"] for c in changes if c["kind"] == "model_added"}
    assert "thirdparty.Marked" in subjects
    assert "generic" in err.getvalue()
    # The same as a diff of the two states written to files.
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(export_at("thirdparty.0001")))
    new.write_text(json.dumps(export_at("thirdparty.0002")))
    by_files = StringIO()
    call_command(
        "erviz", "diff", str(old), str(new), "--format", "json", stdout=by_files,
        stderr=StringIO(),
    )  # fmt: skip
    states = StringIO()
    call_command(
        "erviz", "diff", "--old-at", "thirdparty.0001", "--new-at", "thirdparty.0002",
        "--format", "json", stdout=states, stderr=StringIO(),
    )  # fmt: skip
    assert json.loads(states.getvalue()) == json.loads(by_files.getvalue())
    assert json.loads(states.getvalue())["changes"]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["a.json", "b.json", "c.json"],
        ["--old-at", "demo_models.0001", "a.json", "b.json"],
        ["--new-at", "demo_models.0001", "a.json", "b.json"],
        ["--old-at", "demo_models.0"],
    ],
)
def test_a_diff_with_sides_that_do_not_add_up_exits_2(args, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("erviz", "diff", *args, stdout=StringIO(), stderr=StringIO())
    assert error.value.returncode == 2


def test_the_readme_ci_recipe_uses_the_migration_state():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert "erviz diff --old-at" in readme
