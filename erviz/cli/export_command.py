"""``erviz export``: draw or write the relationship graph."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from erviz.conf import get_config
from erviz.render import REGISTRY, render
from erviz.render.options import DETAILS, LAYOUTS, THEMES, DiagramOptions, Level
from erviz.render.scene import readable_level
from erviz.render.visible import visible_text
from erviz.review import diff_report
from erviz.review.diff import diff_documents
from erviz.review.document import parse_document
from erviz.review.reading import FileRejected, read_bytes
from erviz.schema import Schema
from erviz.schema.select import (
    DEPTH_CEILING,
    DIRECTIONS,
    SelectionError,
    neighbourhood,
    select,
)

from . import Console
from .output import (
    Verdict,
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
    labels = _selection(schema, options)
    diagram = replace(diagram, level=level(command, schema, labels, fmt, options))
    with render_warnings(command):
        data = render(schema, labels, fmt, diagram)
    if options["check"]:
        check_export(command, options["check"], fmt, data)
    else:
        write_output(command, data, fmt, output)


def check_export(command: Console, path: str, fmt: str, data: bytes) -> None:
    """Exit 1 with a short summary when ``path`` is not what the models
    give now."""
    if not REGISTRY[fmt].checkable:
        raise usage("--check compares text exports: JSON, Mermaid, PlantUML or DOT.")
    try:
        committed = read_bytes(path)
    except FileRejected as error:
        raise usage(str(error)) from error
    if committed == data:
        command.stdout.write(f"{path} is up to date.")
        return
    if fmt == "json":
        try:
            changes = diff_documents(
                parse_document(committed, path), parse_document(data)
            )
        except FileRejected as error:
            raise usage(str(error)) from error
        summary = diff_report.summary_line(changes)
        details = [
            f"  {visible_text(change.describe())}" for change in changes.changes[:10]
        ]
    else:
        summary, details = _text_difference(committed, data)
    command.stdout.write("\n".join([f"{path} is stale: {summary}", *details]))
    command.stdout.write(
        "Write it again with the same command and -o instead of --check."
    )
    raise Verdict(f"{path} is stale: exit status 1.")


def level(
    command: Console,
    schema: Schema,
    labels: frozenset[str],
    fmt: str,
    options: dict[str, Any],
) -> Level:
    if options["level"] != "auto":
        return cast(Level, options["level"])
    limit = get_config()["OVERVIEW_MAX_MODELS"]
    if REGISTRY[fmt].picture and readable_level(schema, labels, limit) == "apps":
        models = len(labels - {m.label for m in schema.models if m.auto_created})
        command.stderr.write(
            f"{models} models is more than a readable picture holds "
            f"(OVERVIEW_MAX_MODELS={limit}): drawing apps. Use --level models "
            "for every model, or --per-app for one picture per app."
        )
        return "apps"
    return "models"


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
        labels = _selection(schema, {**options, "app_labels": [app_label]})
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
        raise usage(str(error)) from error


def _split(values: list[str]) -> list[str]:
    return [
        item.strip() for value in values for item in value.split(",") if item.strip()
    ]


def _text_difference(old: bytes, new: bytes) -> tuple[str, list[str]]:
    """How many lines differ, and the first few of them."""
    lines = list(
        difflib.unified_diff(
            old.decode(errors="replace").splitlines(),
            new.decode(errors="replace").splitlines(),
            "committed",
            "models",
            n=0,
            lineterm="",
        )
    )
    changed = [line for line in lines[2:] if line[:1] in "+-"]
    removed = sum(1 for line in changed if line.startswith("-"))
    summary = f"{removed} line(s) removed, {len(changed) - removed} added."
    # The committed file is anyone's text: one line each, nothing hidden.
    return summary, [f"  {visible_text(line)}" for line in changed[:10]]
