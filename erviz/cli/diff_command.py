"""``erviz diff OLD.json [NEW.json]``: what changed between two exports."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from erviz.render.json_export import schema_document
from erviz.review import diff_report
from erviz.review.diff import FAIL_ON, diff_documents
from erviz.review.document import load_document, schema_from_document
from erviz.review.locations import locate
from erviz.review.reading import FileRejected
from erviz.review.sarif import diff_github_lines, diff_sarif_document

from . import Console
from .output import Verdict, counted, usage

if TYPE_CHECKING:
    from . import Subcommands


NAME = "diff"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz diff OLD.json [NEW.json]``"""
    diff = subcommands.add_parser(
        "diff",
        help="What changed between two schema exports.",
        description=(
            "Compare two `erviz export --format json` files, or one with "
            "the project as it is now. Relations are matched by (model, "
            "field name)."
        ),
    )
    diff.add_argument("old", metavar="OLD.json")
    diff.add_argument(
        "new", metavar="NEW.json", nargs="?", help="Default: the live project."
    )
    diff.add_argument(
        "--format",
        choices=("text", "markdown", "json", "sarif", "github"),
        default="text",
    )
    diff.add_argument(
        "--root",
        default=".",
        help="Paths in sarif and github are relative to this directory.",
    )
    diff.add_argument(
        "--max-models",
        type=int,
        default=diff_report.MAX_MODELS,
        help="The most models the Markdown picture draws "
        f"(default {diff_report.MAX_MODELS}).",
    )
    diff.add_argument(
        "--fail-on",
        action="append",
        choices=sorted(FAIL_ON),
        default=[],
        help="Exit with status 1 on such changes: "
        + "; ".join(f"{name}: {meaning}" for name, meaning in FAIL_ON.items()),
    )


def run(command: Console, options: dict[str, Any]) -> None:
    diff(command, options["old"], options["new"], options["format"], options)


def diff(
    command: Console, old: str, new: str | None, fmt: str, options: dict[str, Any]
) -> None:
    if options["max_models"] < 1:
        raise usage("--max-models must be 1 or more.")
    try:
        before = load_document(old)
        after = schema_document(command.schema()) if new is None else load_document(new)
    except FileRejected as error:
        raise usage(str(error)) from error
    changes = diff_documents(before, after)
    if fmt in ("sarif", "github"):
        root = options["root"]

        def where(change: Any) -> Any:
            app, model, field = [*change.subject.split("."), ""][:3]
            return locate(f"{app}.{model}", field or None, root)

        if fmt == "sarif":
            document = diff_sarif_document(changes.changes, where)
            command.stdout.write(json.dumps(document, indent=2))
        else:
            for line in diff_github_lines(changes.changes, where):
                command.stdout.write(line)
    elif fmt == "json":
        command.stdout.write(diff_report.render_json(changes), ending="")
    elif fmt == "markdown":
        schema = schema_from_document(after)
        markdown = diff_report.render_markdown(changes, schema, options["max_models"])
        command.stdout.write(markdown, ending="")
    else:
        command.stdout.write(
            diff_report.render_text(changes, functools.partial(colour, command.style)),
            ending="",
        )
    failing = changes.matching(options["fail_on"])
    if failing:
        raise Verdict(
            counted(len(failing), "change matches", "changes match")
            + f" --fail-on {', '.join(options['fail_on'])}: exit status 1."
        )


def colour(style: Any, kind: str, line: str) -> str:
    if kind.endswith("removed") or "⚠" in line:
        return style.ERROR(line)
    if kind.endswith("added"):
        return style.SUCCESS(line)
    return style.WARNING(line)
