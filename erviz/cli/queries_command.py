"""``erviz queries URL``: request a URL in-process and say which relations it
walked, the N+1s, and the eager load that removes each."""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections, transaction
from django.http.request import validate_host
from django.test import Client, override_settings

from erviz.queries import watch
from erviz.queries.report import render_text, report_document

from . import Console
from .output import usage

if TYPE_CHECKING:
    from . import Subcommands


NAME = "queries"
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz queries URL``"""
    queries = subcommands.add_parser(
        "queries",
        help="Which relations a request walks, its N+1s and their fix.",
        description=(
            "Request URL in-process with Django's test client, inside a "
            "transaction rolled back after, and report every relation the "
            "request walked through an accessor: the N+1s, each with the "
            "select_related / prefetch_related that removes it and the "
            "queries the request then runs, and the eager loads nothing read."
        ),
    )
    queries.add_argument("url", metavar="URL", help="A path, such as /books/?page=2.")
    queries.add_argument(
        "--user", metavar="USERNAME", help="Log in as this user first."
    )
    queries.add_argument(
        "--method", default="GET", type=str.upper, choices=METHODS, metavar="METHOD"
    )
    queries.add_argument("--format", choices=("text", "json"), default="text")


def run(command: Console, options: dict[str, Any]) -> None:
    url: str = options["url"]
    if not url.startswith("/") or url.startswith("//"):
        raise usage(
            f"URL must be a path of this project, such as /books/, not {url[:100]!r}."
        )
    client = Client(raise_request_exception=False)
    with ExitStack() as stack:
        # Whatever the request writes (its session, its rows) is undone.
        wrapped = []
        for alias in connections:
            try:
                stack.enter_context(transaction.atomic(using=alias))
            except DatabaseError as error:
                command.stderr.write(
                    f"note: the database {alias!r} did not answer "
                    f"({type(error).__name__}): the request runs without it."
                )
            else:
                wrapped.append(alias)
        if not validate_host("testserver", settings.ALLOWED_HOSTS):
            stack.enter_context(
                override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])
            )
            command.stderr.write(
                "note: ALLOWED_HOSTS does not allow the test client's host "
                "'testserver': allowed for this request only."
            )
        if options["user"]:
            client.force_login(_user(options["user"]))
        _cache_content_types()
        with watch(unused=True) as watched:
            response = client.generic(options["method"], url)
        document = report_document(url, response.status_code, watched)
        walks, unused = watched.walks(), watched.unused()
        for alias in wrapped:
            transaction.set_rollback(True, using=alias)
    as_user = f" as {options['user']}" if options["user"] else ""
    command.stderr.write(
        f"note: requested {options['method']} {url}{as_user} in-process with "
        "Django's test client; what it wrote was rolled back."
    )
    if options["format"] == "json":
        command.stdout.write(json.dumps(document, indent=2))
    else:
        command.stdout.write(render_text(document, walks, unused), ending="")


def _user(username: str) -> Any:
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise usage(f"No user {username!r}.") from None


def _cache_content_types() -> None:
    """As in a process that served requests: every content type cached, so
    that the counts do not depend on what this process ran before."""
    if not apps.is_installed("django.contrib.contenttypes"):
        return
    from django.contrib.contenttypes.models import ContentType

    for content_type in ContentType.objects.all():
        ContentType.objects.get_for_id(content_type.pk)
