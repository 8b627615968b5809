"""``erviz export --at``'s schema at a migration, on the 170-model Wagtail +
django-oscar project (334 migrations), beside the floor.

    .venv/bin/python bench/migration_state.py [--repeat N]

Each run starts cold: the migration files are read again (a new
``MigrationLoader``), as a command does. Rows: the floor (Django's loader
and the state at the leaves, ``loader.project_state()``, the least work that
gives a migration state), erviz's ``schema_at`` for one target and for two
(a second ``migrate`` run), and the export of the live models for scale.
No peer draws a schema at a migration. Best of N; the goal (issue 29) is
under 2 seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.big_settings"
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django

django.setup()

from django.db.migrations.loader import MigrationLoader  # noqa: E402

from bench.measure import best  # noqa: E402
from erviz.schema import build_schema  # noqa: E402
from erviz.schema.migration_state import schema_at  # noqa: E402


def floor() -> object:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.project_state().apps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    nodes = len(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    base = best(floor, repeat)
    rows = [
        ("floor: Django's loader + state at the leaves", base),
        (
            "schema_at(['demo_models.0001'])",
            best(lambda: schema_at(["demo_models.0001"]), repeat),
        ),
        (
            "schema_at(['demo_models.zero', 'thirdparty.0002'])",
            best(lambda: schema_at(["demo_models.zero", "thirdparty.0002"]), repeat),
        ),
        ("build_schema() of the live models", best(build_schema, repeat)),
    ]
    print(f"{nodes} migrations, best of {repeat}")
    for name, seconds in rows:
        print(f"{seconds:8.3f} s  {seconds / base:5.2f}x floor  {name}")


if __name__ == "__main__":
    main()
