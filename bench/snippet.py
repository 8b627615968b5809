"""Run a piece of Python in a fresh process of a project, as the benchmarks
that measure a first request (cold caches) need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_in_project(settings: str, code: str) -> str:
    """``code``'s standard output, run under ``settings`` on an in-memory
    SQLite database; its error output ends the benchmark if it fails."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": "sqlite:///:memory:",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout
