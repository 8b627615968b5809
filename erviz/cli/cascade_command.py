"""``erviz cascade APP_LABEL.Model [--pk PK]``: what deleting a row of a
model reaches, from the schema, or counted for one row."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connections

from erviz.rows.database import DatabaseFault, preview_database
from erviz.rows.delete_preview import preview_row
from erviz.rows.preview_report import preview_lines
from erviz.rows.row_preview import RowPreview
from erviz.schema.cascade_plan import plan_cascade
from erviz.schema.cascade_report import plan_document, tree_lines

from . import Console
from .output import model_or_exit, usage
from .row_reading import answered, row_or_exit

if TYPE_CHECKING:
    from . import Subcommands


NAME = "cascade"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz cascade APP_LABEL.Model [--pk PK]``"""
    cascade = subcommands.add_parser(
        "cascade",
        help="What deleting a row of a model would reach.",
        description=(
            "The tree of models one deleted row reaches, following "
            "Django's Collector rules, read from the schema."
        ),
    )
    cascade.add_argument("model", metavar="APP_LABEL.Model")
    cascade.add_argument(
        "--pk",
        help=(
            "Preview deleting this row: exact counts, read-only (a composite "
            "key's parts separated by commas: hall,12)."
        ),
    )
    cascade.add_argument("--format", choices=("text", "json"), default="text")
    cascade.add_argument(
        "--database",
        choices=tuple(connections),
        help="The database to preview the delete on (default: "
        'ERVIZ["PREVIEW_DATABASE"], else where the '
        "project's routers send a write of the model, as the admin does).",
    )


def run(command: Console, options: dict[str, Any]) -> None:
    if options["pk"] is None:
        tree(command, options["model"], options["format"])
    else:
        preview(
            command,
            options["model"],
            options["pk"],
            options["format"],
            options["database"],
        )


def tree(command: Console, label: str, fmt: str) -> None:
    schema = command.schema()
    model = model_or_exit(schema, label)
    plan = plan_cascade(schema, model.label)
    if fmt == "json":
        document = plan_document(plan, schema)
        command.stdout.write(json.dumps(document, indent=2, sort_keys=True))
    else:
        command.stdout.write("\n".join(tree_lines(plan, schema)))


def preview(command: Console, label: str, pk: str, fmt: str, using: str | None) -> None:
    model = apps.get_model(model_or_exit(command.schema(), label).label)

    def attempt(using: str) -> tuple[Any, RowPreview]:
        row = row_or_exit(model, pk, using)
        preview = preview_row(model, row, using, may_name=lambda label: True)
        if preview.fault:
            raise DatabaseFault(using, preview.fault)
        return row, preview

    row, preview = answered(command, model, using, preview_database(model), attempt)
    if preview.error:
        raise usage(preview.error)
    if fmt == "json":
        command.stdout.write(json.dumps(preview.document(), indent=2, default=str))
        return
    title = preview.names.get((model._meta.label, row), str(row))
    command.stdout.write("\n".join(preview_lines(preview, title)))
