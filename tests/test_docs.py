"""The documentation site cannot drift from the code: every ERVIZ key is in
the settings reference with its default, and the CLI reference holds every
subcommand and option of ``manage.py erviz``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from docs.cli_reference import cli_reference
from erviz.conf import DEFAULTS
from erviz.management.commands.erviz import Command

DOCS = Path(__file__).resolve().parent.parent / "docs"


def written(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def test_every_setting_is_documented_with_its_default():
    text = (DOCS / "settings.md").read_text()
    sections = dict(re.findall(r"^## `(\w+)`\n\nDefault: `([^`]*)`", text, re.M))
    assert set(sections) == set(DEFAULTS)
    for key, default in DEFAULTS.items():
        assert sections[key] == written(default), key


def test_the_cli_reference_lists_every_subcommand_and_option():
    page = cli_reference()
    parser = Command().create_parser("manage.py", "erviz")
    (subcommands,) = [
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ]
    assert len(subcommands.choices) >= 6
    for name, sub in subcommands.choices.items():
        assert f"## `erviz {name}`" in page
        section = page.split(f"## `erviz {name}`")[1].split("\n## ")[0]
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}`" in section, (name, option)


def test_the_docs_draw_their_diagrams_with_erviz():
    """No diagram is a checked-in picture: the docs site draws them with
    erviz's own directive at every build (the screenshots of pages are
    the browser tests')."""
    pictures = [
        path
        for path in DOCS.rglob("*")
        if path.suffix in {".png", ".svg", ".jpeg", ".jpg"}
        and "screenshots" not in path.parts
        and "_build" not in path.parts
    ]
    assert pictures == []
    assert "```{erviz}" in (DOCS / "diagrams.md").read_text()
