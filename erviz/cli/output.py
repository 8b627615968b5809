"""The command line's output and exit statuses, for every subcommand:
usage errors (exit 2), verdicts (exit 1), files written, binary formats,
and the renderers' warnings said on stderr."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError

from erviz.graphviz.client import DrawingFailed
from erviz.render import REGISTRY, format_for_extension
from erviz.schema import ModelNode, Schema
from erviz.schema.migration_state import MigrationStateError, schema_at
from erviz.schema.model_names import match_model

from . import Console

USAGE_ERROR = 2


class Verdict(CommandError):
    """A result that sets exit status 1 (findings, a stale file, changes
    that --fail-on names): said as a result on the command line, not as
    Django's ``CommandError: ...`` of a command that failed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=1)


def usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def write_file(path: Path, data: bytes) -> None:
    """Write ``path``, or say in one line why not (exit 2)."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise usage(f"Cannot write {path}: {error.strerror or error}.") from error


def write_output(command: Console, data: bytes, fmt: str, output: str | None) -> None:
    if output and output != "-":
        write_file(Path(output), data)
    elif REGISTRY[fmt].binary:
        stream = getattr(command.stdout._out, "buffer", None)
        if stream is None or stream.isatty():
            raise usage(f"{fmt} is binary: write it to a file with -o FILE.")
        stream.write(data)
        stream.flush()
    else:
        command.stdout.write(data.decode(), ending="")


@contextlib.contextmanager
def render_warnings(command: Console) -> Iterator[None]:
    """Say on stderr what the renderers warn of (a PNG drawn at a lower
    resolution than asked, to stay under PNG_MAX_PIXELS), and end with a
    clear error (exit 1) when Graphviz drew nothing."""

    class ToStderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            command.stderr.write(f"warning: {record.getMessage()}.")

    handler = ToStderr(logging.WARNING)
    renderers = logging.getLogger("erviz.render")
    renderers.addHandler(handler)
    try:
        yield
    except DrawingFailed as failure:
        why = {
            "timeout": "it took longer than --time-budget",
            "crash": "Graphviz stopped while laying it out",
            "error": "Graphviz refused it",
        }[failure.reason]
        raise CommandError(
            f"No picture: {why} ({failure.detail}).", returncode=1
        ) from failure
    finally:
        renderers.removeHandler(handler)


def format_from_path(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lstrip(".").lower()
    format = format_for_extension(suffix)
    if format is None:
        known = ", ".join(sorted(e for f in REGISTRY.values() for e in f.extensions))
        raise usage(
            f"Cannot tell the format from {output!r}: use --format "
            f"({', '.join(REGISTRY)}) or one of the extensions {known}."
        )
    return format.name


def schema_or_state(command: Console, targets: list[str]) -> Schema:
    """The live project's schema, or with ``targets`` (``--at``) the one its
    migration files give at those migrations (exit 2 with Django's message
    for a target migrate would refuse, or a state it cannot build)."""
    if not targets:
        return command.schema()
    try:
        return schema_at(targets)
    except MigrationStateError as error:
        raise usage(str(error)) from error


def model_or_exit(schema: Schema, label: str) -> ModelNode:
    """The model a person named: its label, class name or verbose name
    (``erviz.schema.model_names``); exit 2 with the choices or the closest
    names otherwise."""
    model = schema.find_model(label)
    if model is not None:
        return model
    match = match_model(schema, label)
    if match.model is not None:
        return match.model
    if match.choices:
        labels = ", ".join(m.label for m in match.choices)
        raise usage(f"{label!r} names several models: {labels}. Give one label.")
    closest = ", ".join(m.label for m in match.suggestions)
    hint = f" Did you mean {closest}?" if closest else ""
    raise usage(f"Unknown model {label!r}: use APP_LABEL.ModelName or its name.{hint}")
