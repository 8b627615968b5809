"""A schema diff as text, Markdown (for a pull-request comment) or JSON."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator

from ..render import render
from ..render.options import DiagramOptions
from ..render.visible import visible_text
from ..schema.hubs import hubs as schema_hubs
from ..schema.model import Schema
from ..schema.select import neighbourhood
from .diff import Change, SchemaDiff

RENAME_NOTE = (
    "Relations are matched by (model, field name): a renamed field shows as "
    "one relation removed and one added."
)
_HEADINGS = {
    "model_removed": "Models removed",
    "model_added": "Models added",
    "table_renamed": "Tables renamed",
    "relation_removed": "Relations removed",
    "relation_added": "Relations added",
    "relation_changed": "Relations changed",
}


#: What a count of each kind of change reads as, singular and plural.
_COUNTED = {
    "model_removed": ("model removed", "models removed"),
    "model_added": ("model added", "models added"),
    "table_renamed": ("table renamed", "tables renamed"),
    "relation_removed": ("relation removed", "relations removed"),
    "relation_added": ("relation added", "relations added"),
    "relation_changed": ("relation changed", "relations changed"),
}

#: The heading of what the changes do to deletes.
_REACH = "What deleting a row reaches"


def _counted(count: int, forms: tuple[str, str]) -> str:
    return f"{count} {forms[0] if count == 1 else forms[1]}"


def summary_line(diff: SchemaDiff) -> str:
    """``3 schema changes: 1 model added, 2 relations changed.``"""
    if not diff.changes:
        return "No schema changes."
    counts = Counter(change.kind for change in diff.changes)
    parts = [
        _counted(counts[kind], forms)
        for kind, forms in _COUNTED.items()
        if counts[kind]
    ]
    total = _counted(len(diff.changes), ("schema change", "schema changes"))
    return f"{total}: " + ", ".join(parts) + "."


def render_text(diff: SchemaDiff, style: Callable[[str, str], str]) -> str:
    """``style(kind, text)`` colours a line (identity when not on a TTY)."""
    lines = [summary_line(diff)]
    for kind, heading, changes in _grouped(diff):
        lines += ["", f"{heading}:"]
        lines += [
            style(kind, f"  {_mark(c.tags)} {visible_text(c.describe())}")
            for c in changes
        ]
    if diff.reach_notes:
        lines += ["", f"{_REACH}:"]
        lines += [
            style("delete_reach", f"  {_mark(n.tags)} {visible_text(n.describe())}")
            for n in diff.reach_notes
        ]
    lines += _rename_lines(diff)
    return "\n".join(lines) + "\n"


#: The most boxes the pull-request picture draws (GitHub stops rendering a
#: Mermaid block near 50,000 characters and 500 edges).
MAX_MODELS = 25


def render_markdown(
    diff: SchemaDiff, schema: Schema, max_models: int = MAX_MODELS
) -> str:
    """For a pull-request comment: the changes, then a Mermaid diagram of the
    touched models and their direct neighbours as ``schema`` has them, hubs
    (the user model, content types...) left out, at most ``max_models``."""
    lines = ["### erviz: schema changes", "", summary_line(diff)]
    for _kind, heading, changes in _grouped(diff):
        lines += ["", f"**{heading}**", ""]
        lines += [f"- {_warning(c.tags)}{_code(c.describe())}" for c in changes]
    if diff.reach_notes:
        lines += ["", f"**{_REACH}**", ""]
        lines += [
            f"- {_warning(n.tags)}{_code(n.describe())}" for n in diff.reach_notes
        ]
    lines += _rename_lines(diff)
    diagram, left_out = _neighbourhood(schema, diff.touched_models, max_models)
    if diagram:
        mermaid = render(schema, diagram, "mermaid", DiagramOptions(detail="keys"))
        more = (
            f" (and {left_out} more model{'s' if left_out != 1 else ''} not drawn)"
            if left_out
            else ""
        )
        lines += [
            "",
            "<details><summary>The touched models and their neighbours"
            f"{more}</summary>",
            "",
            "```mermaid",
            mermaid.decode().rstrip(),
            "```",
            "",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def render_json(diff: SchemaDiff) -> str:
    return (
        json.dumps(
            {
                "summary": summary_line(diff),
                "changes": [change.document() for change in diff.changes],
                "delete_reach": [change.document() for change in diff.delete_reach],
                "possible_renames": [list(pair) for pair in diff.possible_renames()],
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


def _grouped(diff: SchemaDiff) -> Iterator[tuple[str, str, list[Change]]]:
    """Each kind of change that occurs, with its heading and its changes."""
    for kind, heading in _HEADINGS.items():
        changes = [c for c in diff.changes if c.kind == kind]
        if changes:
            yield kind, heading, changes


#: The tags of a change that deletes more rows than before.
_WARNED = ("on_delete-weakened", "delete-reach")


def _mark(tags: tuple[str, ...]) -> str:
    return "⚠" if any(tag in tags for tag in _WARNED) else "•"


def _warning(tags: tuple[str, ...]) -> str:
    """A Markdown list item's own bullet is enough; a warning is marked."""
    return "⚠ " if any(tag in tags for tag in _WARNED) else ""


def _rename_lines(diff: SchemaDiff) -> list[str]:
    renames = diff.possible_renames()
    if not renames:
        return []
    return [
        "",
        RENAME_NOTE,
        *(f"  {visible_text(old)} → {visible_text(new)}?" for old, new in renames),
    ]


def _code(text: str) -> str:
    """``text`` as a Markdown code span that nothing in it can end: fenced
    by one backtick more than its longest run (CommonMark), on one line."""
    text = visible_text(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _neighbourhood(
    schema: Schema, touched: frozenset[str], max_models: int
) -> tuple[frozenset[str], int]:
    """The touched models that still exist and their direct neighbours,
    hubs left out, touched ones first, at most ``max_models``; and how many
    were left out."""
    hubs = schema_hubs(schema)
    # A hub, touched or not, is drawn only as a small copy beside the apps
    # that point at it (the picture's stubs), never with its own neighbours.
    present = sorted(
        label
        for label in touched
        if label in schema.models_by_label and label not in hubs
    )
    neighbours = sorted(
        frozenset().union(*(neighbourhood(schema, label) for label in present))
        - set(present)
        - hubs
    )
    wanted = [*present, *neighbours]
    shown = frozenset(wanted[:max_models])
    return shown, len(wanted) - len(shown)
