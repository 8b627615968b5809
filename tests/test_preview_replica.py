"""A row preview counted on a real PostgreSQL hot standby (a second cluster
that streams from the test server, made by scripts/standby): the same
answer as on the primary, no write attempted, and the page says where it
counted. CI starts the standby and names its port in ERVIZ_STANDBY_PORT;
elsewhere the test starts one itself where PostgreSQL's server tools are
installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from glob import glob
from pathlib import Path

import pytest
from django.db import connection, connections

from demo_models.models import Author
from erviz.rows.delete_preview import preview_delete_rows
from tests.collector import djangos_counts
from tests.test_faults import may_connect
from tests.test_preview_database import an_author_on

ROOT = Path(__file__).resolve().parent.parent
SERVER_TOOLS = bool(
    glob("/usr/lib/postgresql/*/bin/pg_basebackup") or shutil.which("pg_basebackup")
)
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a standby of PostgreSQL"
    ),
    pytest.mark.skipif(not SERVER_TOOLS, reason="PostgreSQL's server tools absent"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="session")
def standby_port() -> Iterator[int]:
    port = os.environ.get("ERVIZ_STANDBY_PORT")
    if port:
        yield int(port)
        return
    script = ["bash", str(ROOT / "scripts" / "standby")]
    started = subprocess.run([*script, "start"], capture_output=True, text=True)
    if started.returncode:
        pytest.fail(f"scripts/standby start failed:\n{started.stderr}")
    try:
        yield 5433
    finally:
        subprocess.run([*script, "stop"], check=False, capture_output=True)


@pytest.fixture
def standby(standby_port: int, transactional_db: None) -> Iterator[str]:
    """The test database as the standby serves it, as the alias "standby"."""
    connections.settings["standby"] = {
        **connections["default"].settings_dict,
        "PORT": standby_port,
    }
    # Connected here: Django's test case refuses to open a connection to an
    # alias its test did not declare, and "standby" cannot be declared (the
    # test runner would try to create a database on a read-only server).
    connections["standby"].connect()
    try:
        yield "standby"
    finally:
        connections["standby"].close()
        del connections["standby"]
        del connections.settings["standby"]


def replicated(author: Author, alias: str) -> None:
    """Wait until the standby has replayed ``author``'s rows."""
    deadline = time.monotonic() + 30
    while not Author.objects.using(alias).filter(pk=author.pk).exists():
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.1)


def test_the_standby_is_a_real_read_only_replica(standby):
    with connections[standby].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)


def test_a_preview_on_the_standby_equals_the_primarys(standby, admin_client, settings):
    author = an_author_on("default")
    replicated(author, standby)
    on_primary = preview_delete_rows(Author, [author.pk], "default", time_budget=None)
    on_standby = preview_delete_rows(Author, [author.pk], standby, time_budget=None)
    assert on_standby.error is None and not on_standby.partial
    assert on_standby.deleted == on_primary.deleted == djangos_counts(author)
    assert on_standby.database == standby and on_standby.walk == "sql"
    # The names of sample rows are read inside savepoints: a standby
    # allows those, and the page shows them.
    assert on_standby.names == on_primary.names

    settings.ERVIZ = {"PREVIEW_DATABASE": standby}
    url = f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/delete-preview/"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'on the database "standby"' in page
    assert "a replica may lag behind the primary" in page
    assert response.context["preview"].deleted == on_primary.deleted


@pytest.fixture
def paused(standby: str) -> Iterator[Callable[[], None]]:
    """Stop the standby at once, as a crash would, when called; started
    again when the test ends."""
    script = ["bash", str(ROOT / "scripts" / "standby")]
    stopped: list[bool] = []

    def pause() -> None:
        subprocess.run([*script, "pause"], check=True, capture_output=True)
        stopped.append(True)

    try:
        yield pause
    finally:
        if stopped:
            subprocess.run([*script, "resume"], check=True, capture_output=True)


def test_a_standby_stopped_mid_preview_is_a_fault_or_a_fallback(
    standby, paused, admin_client, settings
):
    """The standby stops while it counts (the first COUNT): with
    PREVIEW_DATABASE_FALLBACK the page counts on the primary and says so;
    without it, a 503 page names the standby; never a 500 or a wrong
    answer."""
    may_connect(standby)
    author = an_author_on("default")
    replicated(author, standby)
    url = f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/delete-preview/"
    settings.ERVIZ = {"PREVIEW_DATABASE": standby, "PREVIEW_DATABASE_FALLBACK": True}

    def stop_at_first_count(execute, sql, params, many, context):
        if "COUNT(" in sql and not stopped:
            stopped.append(sql)
            paused()
        return execute(sql, params, many, context)

    stopped: list[str] = []
    with connections[standby].execute_wrapper(stop_at_first_count):
        response = admin_client.get(url)
    assert stopped, "the standby must have stopped mid-preview"
    assert response.status_code == 200
    assert f'data-erviz-unanswered="{standby}"' in response.content.decode()
    assert response.context["preview"].database == "default"
    assert response.context["preview"].deleted == djangos_counts(author)

    settings.ERVIZ = {"PREVIEW_DATABASE": standby}
    response = admin_client.get(url)
    assert response.status_code == 503
    assert f"The database {standby} did not answer" in response.content.decode()
