from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from erviz.schema import Schema, build_schema

BIG_SETTINGS = "tests.big_settings"
pytest_plugins = ["tests.browser"]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """tests/big runs only in the large project (``--ds tests.big_settings``,
    a separate run in scripts/test), whose apps the default project lacks."""
    if collection_path.name == "big" and collection_path.parent.name == "tests":
        return settings.SETTINGS_MODULE != BIG_SETTINGS
    return None


@pytest.fixture
def seeded(db: None) -> None:
    """The demo's seeded data (``seed_demo`` at scale 1)."""
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture(scope="session")
def schema() -> Schema:
    """The full test project's schema: demo, contrib and third-party apps."""
    return build_schema()
