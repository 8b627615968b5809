"""What ``erviz cascade --pk`` and ``erviz rows`` share: the row, and the
database that answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models

from erviz.row_urls import pk_from_text
from erviz.rows.database import DatabaseFault, on_answering_database
from erviz.rows.lookup import NoSuchRow, find_row

from . import Console
from .output import usage

T = TypeVar("T")


def row_or_exit(model: type[models.Model], pk: str, using: str) -> Any:
    """The primary key of the ``model`` row written ``pk``, or exit 2 (a
    database that does not answer is :class:`DatabaseFault`)."""
    try:
        return find_row(model, pk_from_text(pk, model), using)
    except NoSuchRow as error:
        raise usage(f"No {model._meta.label} with pk {pk[:50]!r}.") from error


def answered(
    command: Console,
    model: type[models.Model],
    chosen: str | None,
    default: str,
    attempt: Callable[[str], T],
) -> T:
    """``attempt`` on the ``--database`` ``chosen``, else on ``default``
    or, where that does not answer and PREVIEW_DATABASE_FALLBACK allows
    it, on the write database (said on stderr); exit 2 where no database
    answers."""
    try:
        result = on_answering_database(
            model, chosen or default, attempt, fallback=chosen is None
        )
    except DatabaseFault as fault:
        raise usage(fault_message(fault)) from fault
    if result.unanswered is not None:
        command.stderr.write(
            f"warning: {fault_message(result.unanswered)} Read on "
            f"{result.using!r} instead (PREVIEW_DATABASE_FALLBACK)."
        )
    return result.value


def fault_message(fault: DatabaseFault) -> str:
    return (
        f"The database {fault.using!r} did not answer ({fault.kind}): a table "
        "may be missing (has migrate run?) or the connection is down."
    )
