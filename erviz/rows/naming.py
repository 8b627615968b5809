"""The text of the rows a delete preview names (a few samples per model and
the blocking rows), read inside the preview's own rolled-back, read-only
transaction.

Loading a row runs the project's ``post_init`` receivers and naming it runs
its ``__str__``: someone else's code, which may write, query, or raise. Each
model's rows are loaded, and each row is named, in a savepoint of that
transaction, so a write is refused (PostgreSQL) or rolled back (elsewhere)
and a failure names that row only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import transaction

from ..render.visible import visible_text


def row_text(obj: Any, using: str) -> str:
    """``str(obj)`` on one line with no control characters (it is printed
    in terminals and CI logs, where a line break could start a workflow
    command and an escape sequence rewrite the screen), or what went
    wrong."""
    try:
        with transaction.atomic(using=using):
            return visible_text(str(obj))
    except Exception as error:
        return f"(str() failed: {type(error).__name__})"


def name_rows(
    keys: Iterable[tuple[str, Any]], using: str, may_name: Callable[[str], bool]
) -> dict[tuple[str, Any], str]:
    """The text of each (model label, pk) row whose model ``may_name``
    allows, one query per model; rows that are gone are left out."""
    by_label: dict[str, list[Any]] = {}
    for label, pk in keys:
        if may_name(label):
            by_label.setdefault(label, []).append(pk)
    names: dict[tuple[str, Any], str] = {}
    for label, pks in by_label.items():
        manager = apps.get_model(label)._base_manager.using(using)
        try:
            with transaction.atomic(using=using):
                rows = list(manager.filter(pk__in=pks))
        except Exception as error:
            failed = f"(could not be loaded: {type(error).__name__})"
            names.update(((label, pk), failed) for pk in pks)
            continue
        names.update(((label, row.pk), row_text(row, using)) for row in rows)
    return names
