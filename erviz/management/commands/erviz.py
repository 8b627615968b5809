"""``manage.py erviz``: one command, one subcommand per job."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from erviz.cascade.count import preview_delete
from erviz.cascade.plan import plan_cascade
from erviz.cascade.report import plan_document, preview_lines, tree_lines
from erviz.conf import get_config
from erviz.render import BINARY_FORMATS, EXTENSIONS, FORMATS
from erviz.render.cache import cached_render
from erviz.render.options import DETAILS, LAYOUTS, THEMES, DiagramOptions, Level
from erviz.schema import ModelNode, Schema, build_schema
from erviz.schema.select import (
    DIRECTIONS,
    SelectionError,
    neighbourhood,
    select,
)

USAGE_ERROR = 2
#: Formats drawn as a picture, where too many models stop being readable.
PICTURES = ("svg", "png", "pdf")
MAX_DEPTH = 20


class Command(BaseCommand):
    help = "Export the project's model relationships (erviz)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subcommands = parser.add_subparsers(
            dest="subcommand", metavar="{export,cascade}", required=True
        )
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
            help="Preview deleting this row: exact counts, read-only.",
        )
        cascade.add_argument("--format", choices=("text", "json"), default="text")
        export = subcommands.add_parser(
            "export",
            help="Draw or write the relationship graph of some or all apps.",
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
            help="Every installed app (the default when no app label is given).",
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
            help="Comma-separated model names, labels, app labels or db_tables.",
        )
        export.add_argument(
            "--model",
            metavar="APP_LABEL.Model",
            help="Draw this model and its neighbours (see --depth, --direction).",
        )
        export.add_argument(
            "--depth",
            type=int,
            default=1,
            help=f"Neighbourhood depth for --model (1-{MAX_DEPTH}, default 1).",
        )
        export.add_argument(
            "--direction",
            choices=DIRECTIONS,
            default="both",
            help="Follow relations out of, into, or both ways (default both).",
        )
        export.add_argument(
            "-o", "--output", help="Write to this file instead of standard output."
        )
        export.add_argument(
            "--format",
            choices=FORMATS,
            help="Output format (default: from the --output extension, else json).",
        )
        export.add_argument(
            "--per-app",
            metavar="DIR",
            help="Write one diagram per app into DIR (format from --format).",
        )
        export.add_argument(
            "--fields",
            choices=DETAILS,
            default="all",
            help="Fields listed in each model: all, keys (keys and relations), none.",
        )
        export.add_argument(
            "--disable-fields",
            action="store_const",
            const="none",
            dest="fields",
            help="Same as --fields none (graph_models' name).",
        )
        export.add_argument(
            "--relation-fields-only",
            action="store_const",
            const="keys",
            dest="fields",
            help="Same as --fields keys (graph_models' name).",
        )
        export.add_argument(
            "--level",
            choices=("auto", "models", "apps"),
            default="auto",
            help=(
                "Draw models, or apps with their links. auto (the default) draws "
                "apps when an svg/png/pdf of more than OVERVIEW_MAX_MODELS models "
                "would be too large to read."
            ),
        )
        export.add_argument("--layout", choices=LAYOUTS, default="dot")
        export.add_argument("--theme", choices=THEMES)
        export.add_argument(
            "--dpi", type=int, default=72, help="PNG resolution (default 72)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "cascade" and options["pk"] is not None:
            self.preview(options["model"], options["pk"], options["format"])
        elif options["subcommand"] == "cascade":
            self.cascade(options["model"], options["format"])
        else:
            self.export(**options)

    def preview(self, label: str, pk: str, fmt: str) -> None:
        model = apps.get_model(_model(build_schema(), label).label)
        try:
            obj = model._base_manager.get(pk=pk)
        except (model.DoesNotExist, ValueError, ValidationError) as error:
            raise _usage(f"No {model._meta.label} with pk {pk!r}.") from error
        preview = preview_delete(obj)
        if fmt == "json":
            self.stdout.write(json.dumps(preview.document(), indent=2, default=str))
            return
        self.stdout.write("\n".join(preview_lines(preview, str(obj))))

    def cascade(self, label: str, fmt: str) -> None:
        schema = build_schema()
        model = _model(schema, label)
        plan = plan_cascade(schema, model.label)
        if fmt == "json":
            document = plan_document(plan, schema)
            self.stdout.write(json.dumps(document, indent=2, sort_keys=True))
        else:
            self.stdout.write("\n".join(tree_lines(plan, schema)))

    def export(self, **options: Any) -> None:
        if options["all_applications"] and options["app_labels"]:
            raise _usage("Give app labels or --all-applications, not both.")
        if not 1 <= options["depth"] <= MAX_DEPTH:
            raise _usage(f"--depth must be between 1 and {MAX_DEPTH}.")
        if not 18 <= options["dpi"] <= 600:
            raise _usage("--dpi must be between 18 and 600.")
        diagram = DiagramOptions(
            detail=options["fields"],
            layout=options["layout"],
            theme=options["theme"] or get_config()["DEFAULT_THEME"],
            dpi=options["dpi"],
        )
        schema = build_schema()
        if options["per_app"]:
            self.export_per_app(schema, options, diagram)
            return
        output = options["output"]
        fmt = options["format"] or _format_from_path(output) or "json"
        labels = _selection(schema, options)
        diagram = replace(diagram, level=self.level(schema, labels, fmt, options))
        self.write(cached_render(schema, labels, fmt, diagram), fmt, output)

    def level(
        self, schema: Schema, labels: frozenset[str], fmt: str, options: dict[str, Any]
    ) -> Level:
        if options["level"] != "auto":
            return cast(Level, options["level"])
        models = sum(
            1 for label in labels if not schema.models_by_label[label].auto_created
        )
        limit = get_config()["OVERVIEW_MAX_MODELS"]
        if fmt in PICTURES and models > limit:
            self.stderr.write(
                f"{models} models is more than a readable picture holds "
                f"(OVERVIEW_MAX_MODELS={limit}): drawing apps. Use --level models "
                "for every model, or --per-app for one picture per app."
            )
            return "apps"
        return "models"

    def export_per_app(
        self, schema: Schema, options: dict[str, Any], diagram: DiagramOptions
    ) -> None:
        fmt = options["format"] or "png"
        directory = Path(options["per_app"])
        directory.mkdir(parents=True, exist_ok=True)
        app_labels = options["app_labels"] or [
            app.label for app in schema.apps if app.models
        ]
        for number, app_label in enumerate(app_labels, start=1):
            labels = _selection(schema, {**options, "app_labels": [app_label]})
            path = directory / f"{app_label}.{_extension(fmt)}"
            path.write_bytes(cached_render(schema, labels, fmt, diagram))
            done = "#" * (20 * number // len(app_labels))
            self.stderr.write(
                f"\r[{done:<20}] {number}/{len(app_labels)} {path}",
                ending="\n" if number == len(app_labels) else "",
            )
            self.stderr.flush()

    def write(self, data: bytes, fmt: str, output: str | None) -> None:
        if output and output != "-":
            Path(output).write_bytes(data)
        elif fmt in BINARY_FORMATS:
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None or stream.isatty():
                raise _usage(f"{fmt} is binary: write it to a file with -o FILE.")
            stream.write(data)
            stream.flush()
        else:
            self.stdout.write(data.decode(), ending="")


def _selection(schema: Schema, options: dict[str, Any]) -> frozenset[str]:
    try:
        if options["model"]:
            return neighbourhood(
                schema, options["model"], options["depth"], options["direction"]
            )
        return select(
            schema,
            app_labels=options["app_labels"],
            include_models=_split(options["include_models"]),
            exclude_models=_split(options["exclude_models"]),
        )
    except SelectionError as error:
        raise _usage(str(error)) from error


def _model(schema: Schema, label: str) -> ModelNode:
    model = schema.find_model(label)
    if model is not None:
        return model
    raise _usage(f"Unknown model {label!r}: use APP_LABEL.ModelName, e.g. auth.User.")


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _split(values: list[str]) -> list[str]:
    return [
        item.strip() for value in values for item in value.split(",") if item.strip()
    ]


def _extension(fmt: str) -> str:
    return {"mermaid": "mmd", "plantuml": "puml"}.get(fmt, fmt)


def _format_from_path(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lstrip(".").lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise _usage(
            f"Cannot tell the format from {output!r}: use --format "
            f"({', '.join(FORMATS)}) or one of the extensions {known}."
        )
    return EXTENSIONS[suffix]
