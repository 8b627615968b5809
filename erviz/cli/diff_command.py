"""``erviz diff OLD.json [NEW.json]`` (or ``--old-at`` / ``--new-at``
migration states): what changed between two schemas."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from erviz.render.json_export import schema_document
from erviz.review import diff_report
from erviz.review.diff import FAIL_ON, diff_documents
from erviz.review.diff import comparable as without_absent
from erviz.review.document import load_document, schema_from_document
from erviz.review.locations import locate
from erviz.review.reading import FileRejected
from erviz.review.sarif import diff_github_lines, diff_sarif_document

from . import Console
from .output import Verdict, counted, schema_or_state, usage

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
    diff.add_argument(
        "files",
        nargs="*",
        metavar="OLD.json [NEW.json]",
        help=(
            "The old export and the new one (default: the live project); "
            "with --old-at, the new one alone."
        ),
    )
    diff.add_argument(
        "--old-at",
        action="append",
        default=[],
        metavar="APP_LABEL.MIGRATION",
        help=(
            "The old side is the schema at these migrations, read from the "
            "migration files (as export --at): e.g. the base branch's "
            "migration leaves, without a second checkout."
        ),
    )
    diff.add_argument(
        "--new-at",
        action="append",
        default=[],
        metavar="APP_LABEL.MIGRATION",
        help="The new side at these migrations (default: the live project).",
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
    files = list(options["files"])
    old_at, new_at = options["old_at"], options["new_at"]
    if not old_at and not files:
        raise usage("Give the old side: OLD.json or --old-at APP_LABEL.MIGRATION.")
    if len(files) > (0 if old_at else 1) + (0 if new_at else 1):
        raise usage(
            "Give one old side (OLD.json or --old-at) and at most one new side "
            "(NEW.json or --new-at; the live project by default)."
        )
    old: str | dict[str, Any] = (
        schema_document(schema_or_state(command, old_at)) if old_at else files.pop(0)
    )
    new: str | dict[str, Any] | None = (
        schema_document(schema_or_state(command, new_at))
        if new_at
        else (files[0] if files else None)
    )
    diff(command, old, new, options["format"], options)


def diff(
    command: Console,
    old: str | dict[str, Any],
    new: str | dict[str, Any] | None,
    fmt: str,
    options: dict[str, Any],
) -> None:
    """``old`` and ``new``: a file's path or a document; ``new`` None is the
    live project."""
    if options["max_models"] < 1:
        raise usage("--max-models must be 1 or more.")
    try:
        before = old if isinstance(old, dict) else load_document(old)
        if new is None:
            after = schema_document(command.schema())
        else:
            after = new if isinstance(new, dict) else load_document(new)
    except FileRejected as error:
        raise usage(str(error)) from error
    before, after = comparable(before, after, command)
    changes = diff_documents(before, after)
    if fmt in ("sarif", "github"):
        root = options["root"]

        def where(change: Any) -> Any:
            app, model, field = [*change.subject.split("."), ""][:3]
            return locate(f"{app}.{model}", field or None, root)

        if fmt == "sarif":
            document = diff_sarif_document(changes.findings, where)
            command.stdout.write(json.dumps(document, indent=2))
        else:
            for line in diff_github_lines(changes.findings, where):
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


def comparable(
    before: dict[str, Any], after: dict[str, Any], command: Console
) -> tuple[dict[str, Any], dict[str, Any]]:
    """:func:`erviz.review.diff.comparable`, and stderr says what it left out."""
    before, after, absent = without_absent(before, after)
    if absent:
        command.stderr.write(
            "note: one side is a migration state, which records no "
            + " or ".join(absent)
            + ": those relations are left out of both sides."
        )
    return before, after


def colour(style: Any, kind: str, line: str) -> str:
    if kind.endswith("removed") or "⚠" in line:
        return style.ERROR(line)
    if kind.endswith("added"):
        return style.SUCCESS(line)
    return style.WARNING(line)
