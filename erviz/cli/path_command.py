"""``erviz path APP.From APP.To``: the chains of relations between two
models, as lookups."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from erviz.schema.paths import (
    ENUMERATION_LIMIT,
    MAX_HOPS_CEILING,
    find_paths,
    paths_document,
)

from . import Console
from .output import model_or_exit, usage

if TYPE_CHECKING:
    from . import Subcommands


NAME = "path"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz path APP.From APP.To``"""
    path = subcommands.add_parser(
        "path",
        help="How to get from one model to another: lookups, attributes.",
        description=(
            "The shortest chains of relations (forward, reverse, many-to-many, "
            "generic) from one model to another, as filter lookups from either "
            "end, attribute chains and select_related / prefetch_related."
        ),
    )
    path.add_argument("start", metavar="APP_LABEL.From")
    path.add_argument("end", metavar="APP_LABEL.To")
    path.add_argument(
        "--max-hops",
        type=int,
        default=4,
        help=f"The longest path, in relations (1-{MAX_HOPS_CEILING}, default 4).",
    )
    path.add_argument(
        "--limit", type=int, default=5, help="How many paths (default 5)."
    )
    path.add_argument("--format", choices=("text", "json"), default="text")


def run(command: Console, options: dict[str, Any]) -> None:
    path(
        command,
        options["start"],
        options["end"],
        options["max_hops"],
        options["limit"],
        options["format"],
    )


def path(
    command: Console, start: str, end: str, max_hops: int, limit: int, fmt: str
) -> None:
    """The chains of relations that join two models, as lookups."""
    if not 1 <= max_hops <= MAX_HOPS_CEILING:
        raise usage(f"--max-hops must be between 1 and {MAX_HOPS_CEILING}.")
    if not 1 <= limit <= 100:
        raise usage("--limit must be between 1 and 100.")
    schema = command.schema()
    source, target = model_or_exit(schema, start), model_or_exit(schema, end)
    if source.label == target.label:
        raise usage("Give two different models.")
    search = find_paths(schema, source.label, target.label, max_hops, limit)
    paths = search.paths
    if not search.complete:
        command.stderr.write(
            "The search stopped before it had seen every path this short "
            f"(more than {ENUMERATION_LIMIT} of one length): the shortest "
            "it found."
        )
    if not paths:
        raise usage(
            f"No path from {source.label} to {target.label} within "
            f"{max_hops} hop{'s' if max_hops != 1 else ''}: try --max-hops."
        )
    variable = source.model_name
    if fmt == "json":
        document = paths_document(search, source, target)
        command.stdout.write(json.dumps(document, indent=2))
        return
    for number, found in enumerate(paths, start=1):
        hops = " → ".join(
            f"{hop.lookup} ({'many' if hop.many else 'one'})" for hop in found.hops
        )
        lines = [
            f"{number}. {source.name} → {hops}",
            f"   {source.name}.objects.filter({found.lookup}=...)",
        ]
        if found.reverse_lookup:
            lines.append(f"   {target.name}.objects.filter({found.reverse_lookup}=...)")
        attribute = found.attribute(variable)
        if attribute:
            lines.append(f"   {attribute}")
        if found.select_related:
            lines.append(f'   .select_related("{found.select_related}")')
        elif found.prefetch_related:
            lines.append(f'   .prefetch_related("{found.prefetch_related}")')
        if found.fans_out:
            lines.append(
                "   fans out: a filter across a many-valued hop repeats rows; "
                "add .distinct()"
            )
        for hub in found.through_hub:
            lines.append(f"   passes {hub}, which joins rows of many models")
        command.stdout.write("\n".join(lines))
