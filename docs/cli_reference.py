"""The CLI reference page, written from ``manage.py erviz``'s own argparse
definitions (each subcommand's description and its options)."""

from __future__ import annotations

import argparse
from typing import Any

from erviz.management.commands.erviz import Command

#: Options every Django command has: listed once, not per subcommand.
_DJANGO_OPTIONS = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
    "--help",
}


def cli_reference() -> str:
    parser = Command().create_parser("manage.py", "erviz")
    lines = [
        "# Command line: `manage.py erviz`",
        "",
        "Generated from the command's argparse definitions when the site is "
        "built. Every subcommand reads the project's models (no database, "
        "except `cascade --pk` and `rows`); a bad argument prints one line "
        "and exits with status 2.",
        "",
        *_options(parser),
    ]
    for name, sub in _subcommands(parser):
        lines += [
            f"## `erviz {name}`",
            "",
            (sub.description or "").strip(),
            "",
            "```text",
            sub.format_usage().strip(),
            "```",
            "",
            *_options(sub),
        ]
    return "\n".join(lines).rstrip() + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, Any]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def _options(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        names = action.option_strings or [str(action.metavar or action.dest)]
        if set(names) & _DJANGO_OPTIONS:
            continue
        spelled = ", ".join(f"`{n}`" for n in names)
        if action.choices and not isinstance(action.choices, dict):
            spelled += " (" + " \\| ".join(f"`{c}`" for c in action.choices) + ")"
        text = (action.help or "").replace("|", "\\|").replace("%%", "%")
        if (
            action.default not in (None, False, argparse.SUPPRESS)
            and "default" not in text
        ):
            text += f" Default: `{action.default}`."
        rows.append(f"| {spelled} | {text.strip()} |")
    if not rows:
        return []
    return ["| Argument | What it does |", "| --- | --- |", *rows, ""]
