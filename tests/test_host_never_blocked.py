"""erviz never stops a host's commands: with its URLs not included and the
cache down, ``migrate``, ``check`` and erviz's own CLI exit 0 (run as a
user runs them, in a process of their own)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_erviz_urls",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'host.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("migrate", "--no-input"),
        ("check",),
        ("erviz", "export", "demo_models", "--format", "mermaid"),
        ("erviz", "cascade", "demo_models.Author"),
    ],
)
def test_host_commands_run_without_erviz_urls_and_with_the_cache_down(tmp_path, args):
    result = manage(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    if args[0] == "check":
        assert "erviz.W020" in result.stderr
    if args[0] == "erviz" and args[1] == "export":
        assert result.stdout.startswith("erDiagram")
