"""``erviz rows APP_LABEL.Model --pk PK``: what one row is connected to."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connections, router

from erviz.rows.database import DatabaseFault
from erviz.rows.related import RelatedRows, related_lines, related_rows

from . import Console
from .output import model_or_exit
from .row_reading import answered, row_or_exit

if TYPE_CHECKING:
    from . import Subcommands


NAME = "rows"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz rows APP_LABEL.Model --pk PK``"""
    rows = subcommands.add_parser(
        "rows",
        help="What one row is connected to: the rows it points at, and counts.",
        description=(
            "The row's foreign keys (the rows they point at) and every "
            "accessor to many rows (reverse relations, many-to-many, generic "
            "relations) with its count, read-only, within the time budget."
        ),
    )
    rows.add_argument("model", metavar="APP_LABEL.Model")
    rows.add_argument(
        "--pk",
        required=True,
        help="The row's primary key (a composite key's parts separated by commas).",
    )
    rows.add_argument("--format", choices=("text", "json"), default="text")
    rows.add_argument(
        "--database",
        choices=tuple(connections),
        help="The database to read (default: where the project's routers "
        "send a read of the model).",
    )


def run(command: Console, options: dict[str, Any]) -> None:
    rows(
        command, options["model"], options["pk"], options["format"], options["database"]
    )


def rows(command: Console, label: str, pk: str, fmt: str, using: str | None) -> None:
    model = apps.get_model(model_or_exit(command.schema(), label).label)

    def attempt(using: str) -> RelatedRows:
        found = related_rows(model, row_or_exit(model, pk, using), using)
        if found.fault:
            raise DatabaseFault(using, found.fault)
        return found

    found = answered(command, model, using, router.db_for_read(model), attempt)
    if fmt == "json":
        command.stdout.write(json.dumps(found.document(), indent=2, default=str))
        return
    command.stdout.write("\n".join(related_lines(found)))
