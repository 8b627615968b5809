"""``erviz mcp``: the project's schema, read-only, to coding assistants over
the Model Context Protocol (stdio)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from erviz.schema import Schema
from erviz.visibility import visible_schema

from . import Console
from .output import usage

if TYPE_CHECKING:
    from . import Subcommands


NAME = "mcp"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz mcp (--all | --user USERNAME)``"""
    mcp = subcommands.add_parser(
        "mcp",
        help="Serve the schema, read-only, to coding assistants (MCP, stdio).",
        description=(
            "A Model Context Protocol server over stdio with five read-only "
            "tools: list_models, describe_model, find_path, delete_reach and "
            "lint. Schema only: no tool takes a primary key, runs SQL or "
            "returns row data. Needs the mcp SDK: pip install "
            "'django-erviz[mcp]'."
        ),
    )
    whose = mcp.add_mutually_exclusive_group()
    whose.add_argument("--all", action="store_true", help="Serve every model.")
    whose.add_argument(
        "--user",
        metavar="USERNAME",
        help="Serve the models this user may view in the admin.",
    )


def run(command: Console, options: dict[str, Any]) -> None:
    if not options["all"] and not options["user"]:
        raise usage(
            "erviz mcp serves the project's models to an assistant: say whose "
            "view it is, --all (every model) or --user USERNAME (the models "
            "that user may view in the admin)."
        )
    try:
        from erviz.mcp_server import build_server
    except ImportError as error:
        raise usage(
            f"erviz mcp needs the mcp SDK ({error}): pip install 'django-erviz[mcp]'."
        ) from error
    schema = command.schema() if options["all"] else _users_schema(options["user"])
    whose = (
        "every model" if options["all"] else f"the models {options['user']} may view"
    )
    command.stderr.write(
        f"erviz mcp: {len(schema.project_models)} models ({whose}), read-only, "
        "over stdio."
    )
    build_server(schema).run("stdio")


def _users_schema(username: str) -> Schema:
    model = get_user_model()
    try:
        user = model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise usage(f"No user {username!r}.") from None
    request = HttpRequest()
    request.user = user
    schema = visible_schema(request)
    if not schema.project_models:
        raise usage(
            f"{username} may view no model in the admin (an active staff user "
            "with view or change permissions): nothing to serve."
        )
    return schema
