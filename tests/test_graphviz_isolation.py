"""Graphviz runs in worker interpreters of erviz's own, never in the host's
process: a host that loads a library Graphviz bundles a copy of (the
system's Pango, through GObject introspection) still gets every picture, and
a worker that dies or overruns costs a picture, not the request.

The conflict is made as a host makes it: Debian's ``python3-gi`` and
``gir1.2-pango-1.0`` (built for the system Python 3.11, reached here by
appending their folder to ``sys.path``), then ``PangoCairo`` imported. In
the same process, any pygraphviz layout then dies with SIGSEGV."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import override_settings

from erviz.graphviz import client
from erviz.graphviz.client import DrawingFailed
from erviz.picture_cache import local_cache
from erviz.render import dot
from erviz.render.fallback import attempts
from erviz.render.options import DiagramOptions
from erviz.schema import get_schema
from tests.budget import estimated_as_twice_the_budget

ROOT = Path(__file__).resolve().parent.parent
DIST_PACKAGES = "/usr/lib/python3/dist-packages"
CONFLICT = f"""
import sys
sys.path.append({DIST_PACKAGES!r})
import gi
gi.require_version("Pango", "1.0")
gi.require_version("PangoCairo", "1.0")
from gi.repository import Pango, PangoCairo
"""


def _gi_reachable() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", CONFLICT],
        capture_output=True,
        timeout=60,
    )
    return probe.returncode == 0


needs_gi = pytest.mark.skipif(
    not _gi_reachable(),
    reason="Debian's python3-gi and gir1.2-pango-1.0 are absent",
)


def _run(code: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "sqlite:///:memory:",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=environment,
    )


@needs_gi
def test_the_conflict_kills_a_process_that_lays_out_in_itself():
    """The control: without erviz's worker, the host dies on its first
    layout. (Were this to pass, the test below would prove nothing.)"""
    done = _run(
        CONFLICT
        + "import pygraphviz\n"
        + "graph = pygraphviz.AGraph(string='digraph { a -> b }')\n"
        + "graph.layout(prog='dot')\n"
        + "print('laid out')\n"
    )
    assert done.returncode == -signal.SIGSEGV, done.stderr[-2000:]
    assert "laid out" not in done.stdout


HOST = (
    CONFLICT
    + """
import json, os, tempfile
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
call_command("migrate", verbosity=0)
admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
from tests.factories import create_book
book = create_book()
client = Client()
client.force_login(admin)
pages = {}
for url in [
    "/admin/erviz/",
    "/admin/erviz/?wait=1&level=models",
    "/admin/erviz/apps/demo_models/?wait=1",
    "/admin/erviz/models/demo_models.Book/",
    "/admin/erviz/models/demo_models.Book/cascade/",
    "/admin/erviz/models/demo_models.Book/path/demo_models.Publisher/",
    f"/admin/erviz/models/demo_models.Book/rows/{book.pk}/delete-preview/",
    "/admin/erviz/export/svg/?app=demo_models",
    "/admin/erviz/export/png/?app=demo_models",
]:
    response = client.get(url)
    pages[url] = [response.status_code, response.content[:200_000].decode("latin-1")]
exports = {}
folder = tempfile.mkdtemp()
for fmt in ("svg", "png", "pdf", "dot"):
    path = os.path.join(folder, "all." + fmt)
    call_command("erviz", "export", "demo_models", "-o", path, stderr=open(os.devnull, "w"))
    with open(path, "rb") as file:
        exports[fmt] = file.read(8).decode("latin-1")
with open("/proc/self/maps") as maps:
    loaded = maps.read()
print(json.dumps({
    "pages": pages,
    "exports": exports,
    "libgvc": "libgvc" in loaded,
    "pango": "libpango" in loaded,
}))
"""
)


@needs_gi
def test_every_page_and_export_answers_in_a_host_that_loaded_the_conflict():
    done = _run(HOST)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["pango"], "the host's own Pango is loaded (the conflict is made)"
    assert not found["libgvc"], "the host process never loads Graphviz itself"
    for url, (status, content) in found["pages"].items():
        assert status == 200, url
        if "/export/" in url:
            continue
        assert "<svg" in content, url
        assert "data-erviz-fallback" not in content, url
    assert found["pages"]["/admin/erviz/export/png/?app=demo_models"][1].startswith(
        "\x89PNG"
    )
    assert found["exports"]["svg"].startswith("<?xml")
    assert found["exports"]["png"].startswith("\x89PNG")
    assert found["exports"]["pdf"].startswith("%PDF")
    assert found["exports"]["dot"].startswith("digraph")


def _slow_dot(nodes: int = 80) -> str:
    """A graph whose layout and label placement take seconds."""
    rng = random.Random(1)
    lines = ["digraph { node [shape=box];"]
    lines += [f'n{i} [label="model {i}"];' for i in range(nodes)]
    lines += [
        f'n{rng.randrange(nodes)} -> n{rng.randrange(nodes)} [label="e{i}"];'
        for i in range(nodes * 3)
    ]
    return "\n".join([*lines, "}"])


def _worker_pids() -> list[int]:
    """The pids of this process's layout workers, busy or idle."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next(
            line.split()[1] for line in status.splitlines() if line.startswith("PPid")
        )
        if int(parent) == os.getpid() and b"erviz.graphviz.worker" in command:
            found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_layout_costs_that_picture_and_is_replaced(caplog):
    client.draw("digraph { a -> b }", fmt="svg")  # a warm worker
    before = set(_worker_pids())
    killed: list[int] = []

    def kill_the_busy_worker() -> None:
        time.sleep(0.5)
        for pid in _worker_pids():
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    killer = threading.Thread(target=kill_the_busy_worker)
    killer.start()
    with (
        caplog.at_level(logging.WARNING, logger="erviz.render"),
        pytest.raises(DrawingFailed) as failure,
    ):
        client.draw(_slow_dot(), fmt="svg")
    killer.join()
    assert failure.value.reason == "crash"
    assert "SIGKILL" in failure.value.detail
    assert [r.getMessage() for r in caplog.records if "SIGKILL" in r.getMessage()]
    assert len(caplog.records) == 1, "the failure is logged once"
    assert before & set(killed)
    # The next picture gets a new worker.
    drawing = client.draw("digraph { a -> b }", fmt="svg")
    assert drawing.data.lstrip().startswith(b"<?xml")
    assert not set(_worker_pids()) & set(killed)


def test_a_layout_over_its_budget_is_stopped_at_the_budget():
    client.draw("digraph { a -> b }", fmt="svg")  # a warm worker
    started = time.monotonic()
    with pytest.raises(DrawingFailed) as failure:
        client.draw(_slow_dot(), fmt="svg", budget=0.5)
    took = time.monotonic() - started
    assert failure.value.reason == "timeout"
    assert took < 0.5 + 1.5, took
    # No worker is left laying out the abandoned picture.
    assert client.draw("digraph { a -> b }", fmt="svg", budget=5).data


def test_a_graph_graphviz_refuses_is_an_error_not_a_dead_worker():
    with pytest.raises(DrawingFailed) as failure:
        client.draw("digraph { a -> }", fmt="svg")
    assert failure.value.reason == "error"
    assert client.draw("digraph { a -> b }", fmt="svg").data


@pytest.mark.django_db
def test_a_picture_over_the_budget_falls_back_to_a_simpler_picture(client, monkeypatch):
    """The estimate says the asked picture would not fit: the page shows a
    simpler one, marks it, and says what it left out, with a link to all."""
    admin = get_user_model().objects.create_superuser("a", "a@example.com", "pw")
    client.force_login(admin)
    schema = get_schema()
    demo = frozenset(m.label for m in schema.models if m.app_label == "demo_models")
    asked = next(attempts(schema, demo, DiagramOptions(time_budget=1.0)))
    budget = estimated_as_twice_the_budget(monkeypatch, asked.seconds)
    local_cache.clear()
    with override_settings(ERVIZ={"PICTURE_TIME_BUDGET": budget}):
        response = client.get("/admin/erviz/apps/demo_models/?wait=1")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-erviz-fallback="size"' in page
    assert "<svg" in page
    assert "the most connected first" in page or "A map of apps" in page
    assert "/admin/erviz/export/svg/?" in page
    # Without the budget, the same page draws everything.
    local_cache.clear()
    with override_settings(ERVIZ={"PICTURE_TIME_BUDGET": None}):
        page = client.get("/admin/erviz/apps/demo_models/?wait=1").content.decode()
    assert "data-erviz-fallback" not in page


@pytest.mark.django_db
def test_an_app_map_over_the_budget_draws_the_most_linked_apps(client, monkeypatch):
    admin = get_user_model().objects.create_superuser("a", "a@example.com", "pw")
    client.force_login(admin)
    schema = get_schema()
    every = frozenset(m.label for m in schema.models)
    asked = next(attempts(schema, every, DiagramOptions(level="apps", time_budget=1)))
    budget = estimated_as_twice_the_budget(monkeypatch, asked.seconds)
    local_cache.clear()
    with override_settings(ERVIZ={"PICTURE_TIME_BUDGET": budget}):
        response = client.get("/admin/erviz/?level=apps&wait=1")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-erviz-fallback="size"' in page
    assert "The most linked apps" in page
    drawn = set(re.findall(r'data-app="([^"]+)"', page))
    assert 1 <= len(drawn) < len(schema.apps)


@pytest.mark.django_db
def test_a_page_whose_every_picture_failed_says_so_and_shows_no_stray_text(
    client, monkeypatch
):
    """Graphviz died on the asked picture and on the simpler one: the page
    still answers, with the sentence and an empty diagram."""
    admin = get_user_model().objects.create_superuser("a", "a@example.com", "pw")
    client.force_login(admin)

    def crashed(*args, **kwargs):
        raise DrawingFailed("crash", "killed by SIGSEGV")

    monkeypatch.setattr(dot.client, "draw", crashed)
    local_cache.clear()
    caches["default"].clear()  # a page drawn by an earlier test is kept there
    response = client.get("/admin/erviz/models/demo_models.Book/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-erviz-fallback="crash"' in page
    assert "No picture: the whole picture stopped Graphviz" in page
    diagram = re.search(r'<div id="erviz-diagram"[^>]*>(.*?)</div>', page, re.S)
    assert diagram and diagram.group(1).strip() == ""
