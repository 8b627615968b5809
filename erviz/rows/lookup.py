"""A preview's rows: the lookup of the row to preview (page and command),
and the samples named inside the preview's transaction
(``RowPreview.names``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError, Error, models

from .database import DatabaseFault
from .deadline import read_only
from .delete_preview import RowPreview


class NoSuchRow(LookupError):
    """No row of the model has that primary key (or it is no primary key)."""


def find_row(model: type[models.Model], text: Any, using: str) -> Any:
    """The primary key of the ``model`` row whose pk is written ``text``
    (the parts of a composite key: a tuple), for the preview page and
    ``erviz cascade --pk``.

    The row is not loaded: its ``post_init`` receivers and ``__str__`` run
    only inside the preview's read-only transaction. A pk the column cannot
    hold (a letter for an integer, a NUL byte on PostgreSQL) is no row; a
    database that does not answer is :class:`DatabaseFault`.
    """
    try:
        # A base manager is the project's code too: it runs read-only.
        with read_only(using):
            pk = (
                model._base_manager.using(using)
                .filter(pk=text)
                .values_list("pk", flat=True)
                .first()
            )
    except (ValueError, TypeError, ValidationError, DataError) as error:
        raise NoSuchRow(text) from error
    except Error as error:  # DatabaseError, and InterfaceError beside it
        raise DatabaseFault(using, type(error).__name__) from error
    if pk is None:
        raise NoSuchRow(text)
    return pk


def sample_names(preview: RowPreview, label: str) -> list[tuple[Any, str]]:
    """(pk, text) of the named samples of ``label`` rows the delete reaches."""
    return [
        (pk, preview.names[label, pk])
        for pk in preview.samples.get(label, [])
        if (label, pk) in preview.names
    ]
