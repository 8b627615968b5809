"""``manage.py erviz``: one command, one subcommand per job (``erviz/cli/``)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from erviz.cli import subcommands
from erviz.cli.output import Verdict
from erviz.schema import Schema, build_schema


class Command(BaseCommand):
    help = "Export, review and preview the project's model relationships (erviz)."
    # The project's system checks take half of a CI job's erviz run on a
    # large project and say nothing about its models' relations: skipped,
    # unless --system-checks asks for them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--system-checks",
            action="store_true",
            help="Run the project's system checks first, as most commands do.",
        )
        registered = subcommands()
        parsers = parser.add_subparsers(
            dest="subcommand",
            metavar="{" + ",".join(registered) + "}",
            required=True,
        )
        for subcommand in registered.values():
            subcommand.add_arguments(parsers)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except Verdict as verdict:
            if not getattr(self, "_called_from_command_line", False):
                raise  # call_command() callers read the returncode
            self.stderr.write(str(verdict))
            sys.exit(verdict.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["system_checks"]:
            self.check()
        subcommands()[options["subcommand"]].run(self, options)

    def schema(self) -> Schema:
        """The project's schema; each relation field erviz could not fully
        read is said once, on stderr, so that a picture's gaps are known."""
        schema = build_schema()
        if not getattr(self, "_noted", False):
            for note in schema.notes:
                self.stderr.write(
                    f"warning: {note.id}: {note.message} ({note.field_type})."
                )
            self._noted = True
        return schema
