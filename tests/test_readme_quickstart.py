"""README's quick start works as written: its snippets run on their own
(imports included), and the install it gives names something that exists."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

README = (Path(__file__).parent.parent / "README.md").read_text()
QUICK_START = README[README.index("## Add it to a project") :]


def snippet(language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", QUICK_START, re.S)
    assert found, language
    return found[1]


def test_the_settings_and_urls_snippets_run_as_they_stand():
    settings_part, urls_part = snippet("python").split("# urls.py\n")
    settings: dict = {}
    exec(settings_part, settings)  # a NameError here is a missing import
    apps = settings["INSTALLED_APPS"]
    assert apps.index("erviz") < apps.index("django.contrib.admin")
    urls: dict = {}
    exec(urls_part, urls)
    routes = [str(p.pattern) for p in urls["urlpatterns"]]
    assert routes.index("admin/erviz/") < routes.index("admin/")


def test_the_install_command_installs_this_checkout():
    """Until the package is published, README installs it from a checkout:
    the path it gives is this repository's root, the one pip builds."""
    root = Path(__file__).parent.parent
    assert "pip install /path/to/erviz\n" in snippet("console")
    assert 'name = "django-erviz"' in (root / "pyproject.toml").read_text()
    assert "pip install django-erviz" in QUICK_START  # once published


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_demo(port: int, database: Path) -> float:
    """Start README's demo command on ``port``: seconds until its home page
    answers (then it is stopped)."""
    root = Path(__file__).parent.parent
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.monotonic()
    demo = subprocess.Popen(
        ["bash", "scripts/demo"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        while time.monotonic() - started < 300:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
                    if page.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.3)
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        output = demo.communicate(timeout=30)[0].decode()
    pytest.fail(f"the demo did not answer within 300 s:\n{output[-2000:]}")


@pytest.mark.skipif(
    not (Path(__file__).parent.parent / ".venv" / "bin" / "python").exists(),
    reason="the demo command installs into .venv: run through scripts/test",
)
def test_the_demo_command_serves_on_port_and_restarts_without_installing(tmp_path):
    database = tmp_path / "demo.sqlite3"
    _serve_demo(_free_port(), database)
    # Nothing changed: no install, the seeded data kept.
    stamp_files = list((Path(__file__).parent.parent / ".venv").glob(".installed-*"))
    assert any(f.read_text().strip() for f in stamp_files)
    before = {f: f.stat().st_mtime for f in stamp_files}
    seconds = _serve_demo(_free_port(), database)
    assert {f: f.stat().st_mtime for f in stamp_files} == before
    print(f"second start served in {seconds:.1f} s")
