"""``erviz export``: draw or write the relationship graph."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from erviz.conf import get_config
from erviz.render import REGISTRY, render
from erviz.render.options import DETAILS, LAYOUTS, THEMES, DiagramOptions
from erviz.schema import Schema
from erviz.schema.select import (
    DEPTH_CEILING,
    DIRECTIONS,
)

from . import Console
from .export_check import check_export
from .export_selection import level, selection, view_left_out
from .output import (
    format_from_path,
    render_warnings,
    schema_or_state,
    usage,
    write_file,
    write_output,
)

if TYPE_CHECKING:
    from . import Subcommands


NAME = "export"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz export``: graph_models' options, and erviz's own."""
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
        "--view",
        metavar="NAME",
        help="Draw the named view NAME of ERVIZ['VIEWS'] (its models, depth "
        "and exclusions).",
    )
    export.add_argument(
        "--depth",
        type=int,
        default=1,
        help=f"Neighbourhood depth for --model (1-{DEPTH_CEILING}, default 1).",
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
        choices=tuple(REGISTRY),
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
    export.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help=(
            "Give up on a picture (svg, png, pdf) that takes longer than this "
            "to lay out and draw (default: no limit)."
        ),
    )
    export.add_argument(
        "--at",
        action="append",
        default=[],
        metavar="APP_LABEL.MIGRATION",
        help=(
            "Draw the schema as it stands after `migrate APP_LABEL MIGRATION` "
            "on a fully migrated database, read from the migration files alone "
            "(no database); several --at are several migrate runs, in order. "
            "MIGRATION is resolved as migrate resolves it (a unique prefix, "
            "zero). Migrations record no GenericForeignKey or GenericRelation."
        ),
    )
    export.add_argument(
        "--check",
        metavar="FILE",
        help=(
            "Compare with FILE (a committed JSON, Mermaid, PlantUML or DOT "
            "export, format from its extension) instead of writing: exit 1 "
            "with a short summary when the models no longer give FILE."
        ),
    )


def run(command: Console, options: dict[str, Any]) -> None:
    if options["all_applications"] and options["app_labels"]:
        raise usage("Give app labels or --all-applications, not both.")
    others = [
        name
        for name, given in (
            ("app labels", options["app_labels"]),
            ("--model", options["model"]),
            ("--per-app", options["per_app"]),
        )
        if given
    ]
    if options["view"] and others:
        raise usage(f"--view draws its own models: give it without {others[0]}.")
    if not 1 <= options["depth"] <= DEPTH_CEILING:
        raise usage(f"--depth must be between 1 and {DEPTH_CEILING}.")
    if not 18 <= options["dpi"] <= 600:
        raise usage("--dpi must be between 18 and 600.")
    budget = options["time_budget"]
    if budget is not None and not 0 < budget <= 86_400:
        raise usage("--time-budget must be a number of seconds above 0.")
    diagram = DiagramOptions(
        detail=options["fields"],
        layout=options["layout"],
        theme=options["theme"] or get_config()["DEFAULT_THEME"],
        dpi=options["dpi"],
        max_pixels=get_config()["PNG_MAX_PIXELS"],
        time_budget=budget,
    )
    schema = schema_or_state(command, options["at"])
    if options["per_app"]:
        export_per_app(command, schema, options, diagram)
        return
    output = options["check"] or options["output"]
    fmt = options["format"] or format_from_path(output) or "json"
    labels = selection(schema, options, command)
    if options["view"]:
        diagram = replace(diagram, left_out=view_left_out(schema, options["view"]))
    diagram = replace(diagram, level=level(command, schema, labels, fmt, options))
    with render_warnings(command):
        data = render(schema, labels, fmt, diagram)
    if options["check"]:
        check_export(command, options["check"], fmt, data)
    else:
        write_output(command, data, fmt, output)


def export_per_app(
    command: Console, schema: Schema, options: dict[str, Any], diagram: DiagramOptions
) -> None:
    fmt = options["format"] or "png"
    directory = Path(options["per_app"])
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise usage(
            f"Cannot make the directory {directory}: {error.strerror}."
        ) from error
    app_labels = options["app_labels"] or [
        app.label for app in schema.apps if app.models
    ]
    for number, app_label in enumerate(app_labels, start=1):
        labels = selection(schema, {**options, "app_labels": [app_label]})
        path = directory / f"{app_label}.{REGISTRY[fmt].extensions[0]}"
        with render_warnings(command):
            data = render(schema, labels, fmt, diagram)
        write_file(path, data)
        done = "#" * (20 * number // len(app_labels))
        command.stderr.write(
            f"\r[{done:<20}] {number}/{len(app_labels)} {path}",
            ending="\n" if number == len(app_labels) else "",
        )
        command.stderr.flush()
