"""``manage.py erviz mcp``: an MCP client session over stdio (the SDK's
client, the server a subprocess) lists five read-only tools, and each
answers the JSON of the matching command; no tool takes a key or returns
a row; with --user, only the models that user may view."""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from importlib.util import find_spec
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.skipif(
    find_spec("mcp") is None, reason="the mcp SDK is not installed"
)
ROOT = Path(__file__).resolve().parent.parent
TOOLS = {"list_models", "describe_model", "find_path", "delete_reach", "lint"}


def command_json(*args: str) -> Any:
    out = StringIO()
    # lint exits 1 on findings; its JSON is written first.
    with suppress(CommandError):
        call_command("erviz", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def session(server: Any, calls: list[tuple[str, dict[str, Any]]]) -> Any:
    """The tools a client session lists, and its answers to ``calls``: in a
    thread of its own (the browser tests leave an event loop running in
    this one)."""
    import anyio

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, _session, server, calls).result()


async def _session(server: Any, calls: list[tuple[str, dict[str, Any]]]) -> Any:
    from mcp.client import Client

    async with Client(server) as client:
        tools = await client.list_tools()
        answers = [await client.call_tool(name, arguments) for name, arguments in calls]
    return tools.tools, answers


CALLS: list[tuple[str, dict[str, Any]]] = [
    ("list_models", {}),
    ("describe_model", {"model": "demo_models.Book"}),
    ("find_path", {"from_model": "Book", "to_model": "customer"}),
    ("delete_reach", {"model": "demo_models.Customer"}),
    ("lint", {"app_labels": ["demo_models"]}),
]


def test_a_stdio_session_lists_the_tools_and_each_answers_the_commands_json():
    from mcp.client.stdio import StdioServerParameters

    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "django", "erviz", "mcp", "--all"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            "PYTHONPATH": str(ROOT),
        },
        cwd=str(ROOT),
    )
    tools, answers = session(server, CALLS)
    assert {tool.name for tool in tools} == TOOLS
    for tool in tools:
        # Schema only: nothing asks for a row.
        assert not set(tool.input_schema.get("properties", {})) & {"pk", "sql", "id"}
        assert tool.annotations is not None and tool.annotations.read_only_hint
    by_name = dict(zip([name for name, _ in CALLS], answers, strict=True))
    for name, result in by_name.items():
        assert not result.is_error, (name, result.content)
        # The same JSON as text.
        assert json.loads(result.content[0].text) == result.structured_content
    exported = command_json("export", "--format", "json")
    labels = [m["label"] for m in exported["models"] if not m["auto_created"]]
    listed = by_name["list_models"].structured_content["models"]
    assert [m["label"] for m in listed] == labels
    book = by_name["describe_model"].structured_content
    assert book["model"] == next(
        m for m in exported["models"] if m["label"] == "demo_models.Book"
    )
    assert book["relations"] == [
        r
        for r in exported["relations"]
        if "demo_models.Book" in (r["source"], r["target"])
    ]
    assert by_name["find_path"].structured_content == command_json(
        "path", "demo_models.Book", "demo_models.Customer", "--format", "json"
    )
    assert by_name["delete_reach"].structured_content == command_json(
        "cascade", "demo_models.Customer", "--format", "json"
    )
    assert by_name["lint"].structured_content == command_json(
        "lint", "demo_models", "--format", "json"
    )


def test_an_unknown_model_is_a_tool_error_with_the_closest_names():
    from erviz.mcp_server import build_server
    from erviz.schema import get_schema

    _, (result,) = session(
        build_server(get_schema()), [("describe_model", {"model": "custmer"})]
    )
    assert result.is_error
    assert "demo_models.Customer" in result.content[0].text


@pytest.mark.django_db
def test_a_users_server_serves_only_what_the_user_may_view():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from erviz.cli.mcp_command import _users_schema
    from erviz.mcp_server import build_server

    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="demo_models",
            codename__in=["view_book", "view_author"],
        )
    )
    server = build_server(_users_schema("clerk"))
    _, (listed, hidden) = session(
        server,
        [("list_models", {}), ("describe_model", {"model": "demo_models.Customer"})],
    )
    labels = {m["label"] for m in listed.structured_content["models"]}
    assert labels == {"demo_models.Book", "demo_models.Author"}
    assert hidden.is_error


@pytest.mark.django_db
@pytest.mark.parametrize("args", [[], ["--user", "nobody"], ["--all", "--user", "x"]])
def test_the_server_refuses_to_start_without_saying_whose_view(args):
    with pytest.raises(CommandError) as error:
        call_command("erviz", "mcp", *args, stdout=StringIO(), stderr=StringIO())
    if args != ["--all", "--user", "x"]:
        assert error.value.returncode == 2
