"""Sphinx configuration of erviz's documentation site.

    .venv/bin/sphinx-build -W -b html docs docs/_build/html

The CLI reference (``_generated/cli.md``) is written from the argparse
definitions of ``manage.py erviz`` when the build starts, so it cannot drift
from the command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from erviz import __version__  # noqa: E402

project = "django-erviz"
author = "the erviz developers"
release = version = __version__
extensions = ["myst_parser", "erviz.sphinx"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = f"erviz {__version__}"
exclude_patterns = ["_build", "screenshots/README.md"]
suppress_warnings = ["myst.xref_missing"]


def write_cli_reference(app: object) -> None:
    from docs.cli_reference import cli_reference

    target = Path(__file__).parent / "_generated" / "cli.md"
    target.parent.mkdir(exist_ok=True)
    text = cli_reference()
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


def setup(app: object) -> None:
    app.connect("builder-inited", write_cli_reference)  # type: ignore[attr-defined]
