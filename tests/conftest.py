from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from erviz.schema import Schema, build_schema

#: Test folders that run only under their own settings (separate runs in
#: scripts/test): their apps are not installed in the default project.
OWN_SETTINGS = {
    "big": "tests.big_settings",
    "hostproject": "tests.hostproject.settings",
    "oddproject": "tests.oddproject.settings",
    "hostile": "tests.hostile.settings",
    "realworld": "tests.realworld.settings",
    "noadmin": "tests.noadmin.settings",
}
pytest_plugins = ["tests.browser"]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """tests/big runs only in the large project (``--ds tests.big_settings``),
    tests/hostproject only in the host project."""
    if collection_path.parent.name == "tests" and collection_path.name in OWN_SETTINGS:
        return OWN_SETTINGS[collection_path.name] != settings.SETTINGS_MODULE
    return None


@pytest.fixture
def seeded(db: None) -> None:
    """The demo's seeded data (``seed_demo`` at scale 1)."""
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture(scope="session")
def schema() -> Schema:
    """The full test project's schema: demo, contrib and third-party apps."""
    return build_schema()


@pytest.fixture(params=["sql", "keys"])
def walk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with the preview counting in SQL and once with the
    primary-key walk it falls back to, so that both stay exact."""
    from erviz.cascade import count, sets

    if request.param == "keys":

        def refuse(self: object) -> None:
            raise sets.NeedsKeys("the test asks for the key walk")

        monkeypatch.setattr(count._SetWalk, "run", refuse)
    return str(request.param)
