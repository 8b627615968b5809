"""The schema at each migration of a history that adds, removes and alters
relations (tests/history/ledger/migrations: foreign keys, a one-to-one
made a foreign key, many-to-many with and without a through model,
inheritance, on_delete changes, renamed models and fields, a data
migration, a state-only change; archive's migration depends on ledger's
0003).

``erviz export --at`` must equal three independent witnesses: Django's
``MigrationLoader`` state read field by field, the state ``migrate``
leaves in a database migrated backwards step by step, and the tables and
foreign keys that database holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]
LEDGER = [
    "0001_initial",
    "0002_profiles_and_places",
    "0003_groups",
    "0004_renames",
    "0005_notes_and_profiles",
]
APPS = ("ledger", "archive")


def export(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("erviz", "export", *APPS, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def export_at(*targets: str) -> dict[str, Any]:
    return export(*(arg for target in targets for arg in ("--at", target)))


def relations_of(document: dict[str, Any]) -> set[tuple[Any, ...]]:
    """The export's relations, as the witnesses below read them."""
    return {
        (
            r["id"],
            r["kind"],
            r["target"],
            r["on_delete"],
            r["reverse_accessor"],
            r["through"] if r["kind"] == "many_to_many" else None,
        )
        for r in document["relations"]
        if r["kind"] not in ("generic_foreign_key", "generic_relation")
    }


def djangos_relations(registry: Apps) -> set[tuple[Any, ...]]:
    """The relation fields of ``registry``'s models of APPS, read with
    Django's field API alone (no erviz code)."""
    kinds = {"many_to_one": "foreign_key", "one_to_one": "one_to_one"}
    found = set()
    for model in registry.get_models():
        opts = model._meta
        if opts.app_label not in APPS:
            continue
        for field in [*opts.local_fields, *opts.local_many_to_many]:
            if not field.is_relation:
                continue
            remote: Any = field.remote_field
            many = bool(field.many_to_many)
            found.add(
                (
                    f"{opts.label}.{field.name}",
                    "many_to_many"
                    if many
                    else kinds["one_to_one" if field.one_to_one else "many_to_one"],
                    remote.model._meta.label,
                    None if many else remote.on_delete.__name__,
                    None if remote.hidden else remote.get_accessor_name(),
                    remote.through._meta.label if many else None,
                )
            )
    return found


def database_tables() -> tuple[set[str], set[tuple[str, str, str]]]:
    """The tables of APPS in the database, and their foreign keys as
    (table, column, referenced table)."""
    with connection.cursor() as cursor:
        tables = {
            name
            for name in connection.introspection.table_names(cursor)
            if name.split("_")[0] in APPS
        }
        keys = {
            (table, column, referenced[1])
            for table in tables
            for column, referenced in connection.introspection.get_relations(
                cursor, table
            ).items()
        }
    return tables, keys


def expected_tables(
    document: dict[str, Any],
) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The tables and foreign keys the export's models and relations need."""
    models = {m["label"]: m for m in document["models"]}
    tables = {m["db_table"] for m in models.values()}

    def table(label: str) -> str:
        return models[label]["db_table"] if label in models else "django_content_type"

    def column(model: dict[str, Any], name: str) -> str:
        return next(f["column"] for f in model["fields"] if f["name"] == name)

    keys = set()
    for relation in document["relations"]:
        source = models[relation["source"]]
        if relation["kind"] in ("foreign_key", "one_to_one"):
            keys.add(
                (
                    source["db_table"],
                    column(source, relation["field"]),
                    table(relation["target"]),
                )
            )
        elif relation["kind"] == "many_to_many" and relation["through_auto"]:
            # The link table's two keys, named after the models they hold.
            through = models[relation["through"]]
            target = models[relation["target"]]
            for end in (source, target):
                keys.add(
                    (
                        through["db_table"],
                        column(through, end["model_name"]),
                        end["db_table"],
                    )
                )
    return tables, keys


@pytest.mark.parametrize("name", [*LEDGER, "zero"])
def test_each_state_is_the_migration_loaders(name):
    """Against ``MigrationLoader``'s own ProjectState at the migration (the
    state of that node and what it depends on: ledger depends on no later
    migration of another app)."""
    loader = MigrationLoader(None)
    if name == "zero":
        expected: set[tuple[Any, ...]] = set()
    else:
        expected = djangos_relations(loader.project_state(("ledger", name)).apps)
    document = export_at(f"ledger.{name}")
    ledger_only = {r for r in relations_of(document) if r[0].startswith("ledger.")}
    assert ledger_only == expected
    assert document["state"]["at"] == [f"ledger.{name}"]


@pytest.mark.django_db(transaction=True)
def test_each_state_is_what_migrating_backwards_leaves():
    """Migrate a scratch database backwards one migration at a time: at each
    step, the export equals the state ``migrate`` builds from the applied
    migrations, and the database holds exactly the export's tables and
    foreign keys."""
    seen = []
    try:
        for name in [*reversed(LEDGER), "zero"]:
            call_command("migrate", "ledger", name, verbosity=0)
            executor: Any = MigrationExecutor(connection)
            state = executor._create_project_state(with_applied_migrations=True)
            document = export_at(f"ledger.{name}")
            assert relations_of(document) == djangos_relations(state.apps), name
            tables, keys = database_tables()
            assert (tables, keys) == expected_tables(document), name
            seen.append((name, len(document["relations"])))
    finally:
        call_command("migrate", verbosity=0)
    # The history is not flat: relations come and go along it.
    assert len({count for _, count in seen}) >= 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "targets",
    [
        # archive's 0001 needs ledger's 0003: migrating it re-applies that.
        ("ledger.zero", "archive.0001"),
        ("ledger.0004", "ledger.0002"),
        ("archive.zero",),
    ],
)
def test_several_targets_are_several_migrates(targets):
    try:
        call_command("migrate", verbosity=0)
        for target in targets:
            call_command("migrate", *target.split("."), verbosity=0)
        executor: Any = MigrationExecutor(connection)
        state = executor._create_project_state(with_applied_migrations=True)
        expected = djangos_relations(state.apps)
        tables, keys = database_tables()
    finally:
        call_command("migrate", verbosity=0)
    document = export_at(*targets)
    assert relations_of(document) == expected
    assert (tables, keys) == expected_tables(document)


def test_the_leaves_are_the_models_without_their_generic_relations():
    """Every migration applied: the same export as the models' own, but for
    what migrations do not record."""
    live = export()
    leaves = export_at(f"ledger.{LEDGER[-1]}", "archive.0001")
    generic = {"GenericForeignKey", "GenericRelation"}
    dropped = {r["id"] for r in live["relations"] if r["field_type"] in generic}
    assert dropped == {"ledger.Customer.notes", "ledger.Note.content_object"}
    live["relations"] = [r for r in live["relations"] if r["id"] not in dropped]
    for document in (live, leaves):
        del document["state"], document["fingerprint"]
        for model in document["models"]:
            # A migration state orders fields as its CreateModel listed them.
            model["fields"] = sorted(
                (f for f in model["fields"] if f["type"] not in generic),
                key=lambda f: f["name"],
            )
    assert leaves == live


@pytest.mark.django_db
def test_the_history_has_every_migration():
    """The leaves test compares like with like only if no change to the
    models lacks its migration."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_export_needs_no_database():
    """With the database a file that cannot be opened, ``--at`` still
    answers (a new process: the settings are read once)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.history.settings",
        "HISTORY_DATABASE": "unreachable",
        "PYTHONPATH": str(ROOT),
    }
    django = [sys.executable, "-m", "django"]
    refused = subprocess.run(
        [*django, "migrate", "--check"], env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "unable to open" in refused.stderr
    answered = subprocess.run(
        [*django, "erviz", "export", "--format", "json", "--at", "ledger.0002"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    document = json.loads(answered.stdout)
    assert "ledger.Profile.customer" in {r["id"] for r in document["relations"]}
