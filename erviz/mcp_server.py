"""A read-only Model Context Protocol server of the project's schema, for
coding assistants (``manage.py erviz mcp``; the ``mcp`` SDK, ``erviz[mcp]``).

Schema only: models, relations, lookup paths, what a delete reaches at
schema level and lint's findings. No tool takes a primary key, runs SQL or
returns a row, a count or any value of the database. Each tool's answer is
the JSON the matching command prints (structured content), and the same
JSON as text.
"""

from __future__ import annotations

import json
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations

from . import __version__
from .render.json_export import schema_document
from .review.lint import lint
from .review.lint_report import findings_document
from .schema import ModelNode, Schema
from .schema.cascade_plan import plan_cascade
from .schema.cascade_report import plan_document
from .schema.model_names import match_model
from .schema.paths import MAX_HOPS_CEILING, find_paths, paths_document

INSTRUCTIONS = (
    "The Django project's data model, read-only: its models, every relation "
    "(foreign keys, one-to-ones, many-to-manys, generic relations) with its "
    "on_delete and reverse accessor, the lookup paths between two models, "
    "what deleting one row of a model reaches, and erviz lint's findings. "
    "No row data. Models are named by label (app_label.Model), class name "
    "or verbose name."
)
_READ_ONLY = ToolAnnotations(
    read_only_hint=True, idempotent_hint=True, open_world_hint=False
)


def answer(document: dict[str, Any]) -> CallToolResult:
    """The document as structured content, and as JSON text."""
    text = json.dumps(document, indent=2, sort_keys=True)
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=document
    )


def build_server(schema: Schema) -> MCPServer:
    """The server of ``schema`` (the models its user may see)."""
    server: MCPServer = MCPServer(
        name="erviz", instructions=INSTRUCTIONS, version=__version__
    )
    exported = schema_document(schema)
    models_by_label = {model["label"]: model for model in exported["models"]}

    def model_named(name: str) -> ModelNode:
        match = match_model(schema, name)
        if match.model is None:
            offered = match.choices or match.suggestions
            hint = ", ".join(m.label for m in offered[:10])
            raise ToolError(
                f"No model {name[:100]!r}"
                + (f"; did you mean: {hint}?" if hint else ".")
            )
        return match.model

    @server.tool(annotations=_READ_ONLY)
    def list_models() -> CallToolResult:
        """Every model: label, class name, verbose name, app and table."""
        return answer(
            {
                "models": [
                    {
                        "label": model.label,
                        "name": model.name,
                        "verbose_name": model.verbose_name,
                        "app_label": model.app_label,
                        "db_table": model.db_table,
                    }
                    for model in schema.project_models
                ]
            }
        )

    @server.tool(annotations=_READ_ONLY)
    def describe_model(model: str) -> CallToolResult:
        """A model as erviz export writes it (fields, keys, constraints),
        and every relation with it as source or target (on_delete, reverse
        accessor, query name, through model)."""
        node = model_named(model)
        return answer(
            {
                "model": models_by_label[node.label],
                "relations": [
                    relation
                    for relation in exported["relations"]
                    if node.label in (relation["source"], relation["target"])
                ],
            }
        )

    @server.tool(annotations=_READ_ONLY)
    def find_path(
        from_model: str, to_model: str, max_hops: int = 4, limit: int = 5
    ) -> CallToolResult:
        """The shortest chains of relations from one model to another, as
        filter lookups, attribute chains and select_related /
        prefetch_related (as erviz path --format json)."""
        if not 1 <= max_hops <= MAX_HOPS_CEILING:
            raise ToolError(f"max_hops must be from 1 to {MAX_HOPS_CEILING}.")
        if not 1 <= limit <= 100:
            raise ToolError("limit must be from 1 to 100.")
        start, end = model_named(from_model), model_named(to_model)
        if start.label == end.label:
            raise ToolError("Give two different models.")
        search = find_paths(schema, start.label, end.label, max_hops, limit)
        return answer(paths_document(search, start, end))

    @server.tool(annotations=_READ_ONLY)
    def delete_reach(model: str) -> CallToolResult:
        """What deleting one row of the model reaches at schema level: the
        models deleted, updated and the relations that refuse it, as a tree
        (as erviz cascade --format json)."""
        node = model_named(model)
        return answer(plan_document(plan_cascade(schema, node.label), schema))

    @server.tool(name="lint", annotations=_READ_ONLY)
    def lint_schema(app_labels: list[str] | None = None) -> CallToolResult:
        """erviz lint's findings (relations projects get wrong, each with a
        fix), for some apps or all (as erviz lint --format json)."""
        if app_labels:
            unknown = sorted(set(app_labels) - set(schema.apps_by_label))
            if unknown:
                raise ToolError(f"Unknown app label(s): {', '.join(unknown)}.")
        labels = frozenset(app_labels) if app_labels else None
        return answer(findings_document(lint(schema, labels)))

    return server
