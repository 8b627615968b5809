"""``manage.py erviz``: one command, one subcommand per job."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from erviz.render.json_export import render_json
from erviz.schema import build_schema
from erviz.schema.select import SelectionError, select, subschema

FORMATS = ("json",)
USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Export the project's model relationships (erviz)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subcommands = parser.add_subparsers(
            dest="subcommand", metavar="{export}", required=True
        )
        export = subcommands.add_parser(
            "export",
            help="Write the relationship graph of some or all apps.",
            description=(
                "Options are named like django-extensions' graph_models. "
                "With no app label, every app is exported."
            ),
        )
        export.add_argument("app_labels", nargs="*", metavar="APP_LABEL")
        export.add_argument(
            "-a",
            "--all-applications",
            action="store_true",
            help="Export every installed app (the default when no app label is given).",
        )
        export.add_argument(
            "-I",
            "--include-models",
            action="append",
            default=[],
            help="Comma-separated model names or labels, * wildcards allowed.",
        )
        export.add_argument(
            "-X",
            "--exclude-models",
            action="append",
            default=[],
            help="Comma-separated model names, labels, app labels or db_table names.",
        )
        export.add_argument(
            "-o", "--output", help="Write to this file instead of standard output."
        )
        export.add_argument(
            "--format",
            choices=FORMATS,
            help="Output format (default: from the --output extension, else json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.export(**options)

    def export(
        self,
        app_labels: list[str],
        all_applications: bool,
        include_models: list[str],
        exclude_models: list[str],
        output: str | None,
        format: str | None,
        **_options: Any,
    ) -> None:
        if all_applications and app_labels:
            raise CommandError(
                "Give app labels or --all-applications, not both.",
                returncode=USAGE_ERROR,
            )
        output_format = format or _format_from_path(output) or "json"
        schema = build_schema()
        try:
            labels = select(
                schema,
                app_labels=app_labels,
                include_models=_split(include_models),
                exclude_models=_split(exclude_models),
            )
        except SelectionError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        data = _RENDERERS[output_format](subschema(schema, labels))
        if output and output != "-":
            Path(output).write_bytes(data)
        else:
            self.stdout.write(data.decode(), ending="")


_RENDERERS = {"json": render_json}


def _split(values: list[str]) -> list[str]:
    return [
        item.strip() for value in values for item in value.split(",") if item.strip()
    ]


def _format_from_path(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lstrip(".").lower()
    if suffix not in FORMATS:
        raise CommandError(
            f"Cannot tell the format from {output!r}: use --format "
            f"({', '.join(FORMATS)}) or one of those extensions.",
            returncode=USAGE_ERROR,
        )
    return suffix
