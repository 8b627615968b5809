"""``erviz export --check FILE``: is a committed export what the models
give now? Exit 1 with a short summary when not."""

from __future__ import annotations

import difflib

from erviz.render import REGISTRY
from erviz.render.visible import visible_text
from erviz.review import diff_report
from erviz.review.diff import diff_documents
from erviz.review.document import parse_document
from erviz.review.reading import FileRejected, read_bytes

from . import Console
from .output import Verdict, usage


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
