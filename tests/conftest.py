from __future__ import annotations

import os
from collections.abc import Generator
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
    "history": "tests.history.settings",
    "walks": "tests.walks.settings",
}
pytest_plugins = ["tests.browser"]
#: Set by CI: a PostgreSQL test that would be skipped fails instead.
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """With REQUIRE_POSTGRES=1, a test skipped for want of PostgreSQL (the
    server or its tools absent, or any PostgreSQL skip in the run on
    PostgreSQL) is a failure: CI must not pass by not running them."""
    report: pytest.TestReport = yield
    if REQUIRE_POSTGRES and report.skipped:
        reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else "")
        on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
        if "postgres" in reason.lower() and (
            on_postgres or "absent" in reason or "not reachable" in reason
        ):
            report.outcome = "failed"
            report.longrepr = f"REQUIRE_POSTGRES=1, yet skipped: {reason}"
    return report


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
    from erviz.rows import row_sets, set_walk

    if request.param == "keys":

        def refuse(self: object) -> None:
            raise row_sets.NeedsKeys("the test asks for the key walk")

        monkeypatch.setattr(set_walk.SetWalk, "run", refuse)
    return str(request.param)
