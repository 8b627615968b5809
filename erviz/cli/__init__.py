"""``manage.py erviz``'s subcommands, registered in one place.

Each subcommand is a module with a ``NAME``, its ``add_arguments()`` and its
``run()``; :data:`SUBCOMMANDS` lists them in the order ``--help`` shows.
The management command (``erviz/management/commands/erviz.py``) dispatches
to them; what they share (exit statuses, files, formats, warnings) is
:mod:`erviz.cli.output`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import TYPE_CHECKING, Any, Protocol

from django.core.management.base import OutputWrapper
from django.core.management.color import Style

from ..schema import Schema

if TYPE_CHECKING:
    from argparse import _SubParsersAction

    Subcommands = _SubParsersAction[ArgumentParser]


class Console(Protocol):
    """What a subcommand uses of the management command."""

    stdout: OutputWrapper
    stderr: OutputWrapper
    style: Style

    def schema(self) -> Schema: ...


class Subcommand(Protocol):
    NAME: str

    def add_arguments(self, subcommands: Subcommands) -> None: ...

    def run(self, command: Console, options: dict[str, Any]) -> None: ...


def subcommands() -> dict[str, Subcommand]:
    """Every subcommand by name (imported when the command runs: the
    subcommands import most of erviz)."""
    from . import (
        cascade_command,
        diff_command,
        export_command,
        lint_command,
        mcp_command,
        path_command,
        queries_command,
        rows_command,
    )

    modules: tuple[Subcommand, ...] = (
        export_command,
        cascade_command,
        diff_command,
        lint_command,
        mcp_command,
        path_command,
        queries_command,
        rows_command,
    )
    return {module.NAME: module for module in modules}
