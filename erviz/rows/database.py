"""Which database a row preview counts on.

By default the one the project's routers send the model's writes to
(``router.db_for_write``), as the admin's delete does. ``ERVIZ
["PREVIEW_DATABASE"]`` sends previews elsewhere, typically to a read
replica, so that they put no load on the primary: a database alias, or a
callable ``(model) -> alias | None`` (None: the default). A callable that
raises or names no configured database is logged and the default used: a
setting never breaks the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import connections, models, router

from ..conf import get_config

logger = logging.getLogger("erviz")


def preview_database(model: type[models.Model]) -> str:
    """The alias a preview of deleting ``model`` rows counts on."""
    choice = get_config()["PREVIEW_DATABASE"]
    alias = choice
    if callable(choice):
        try:
            alias = choice(model)
        except Exception as error:
            logger.warning(
                "erviz: ERVIZ['PREVIEW_DATABASE'] raised %s for %s; counting on "
                "the model's write database.",
                error,
                model._meta.label,
            )
            alias = None
    if alias is not None and alias not in connections:
        logger.warning(
            "erviz: ERVIZ['PREVIEW_DATABASE'] gave %r, which is not in DATABASES; "
            "counting on the model's write database.",
            alias,
        )
        alias = None
    return alias or router.db_for_write(model)


T = TypeVar("T")


@dataclass(frozen=True)
class Answered(Generic[T]):
    """What ``attempt`` gave, and on which database."""

    value: T
    using: str
    #: The database that did not answer first, where the answer fell back.
    unanswered: DatabaseFault | None = None


def on_answering_database(
    model: type[models.Model],
    using: str,
    attempt: Callable[[str], T],
    *,
    fallback: bool = True,
) -> Answered[T]:
    """``attempt(using)``; where ``using`` does not answer (``attempt``
    raises :class:`DatabaseFault`) and ``PREVIEW_DATABASE_FALLBACK``
    allows it, ``attempt`` again on the model's write database (not for a
    database the user named: ``fallback`` False)."""
    try:
        return Answered(attempt(using), using)
    except DatabaseFault as fault:
        if connection_lost(using):
            # Dropped now (inside a transaction too: Django closes it when
            # that ends), so that the next use connects afresh.
            connections[using].close()
        primary = router.db_for_write(model)
        if (
            not fallback
            or not get_config()["PREVIEW_DATABASE_FALLBACK"]
            or primary == using
        ):
            raise
        logger.warning(
            "erviz: the database %r did not answer (%s); counting on %r.",
            using,
            fault.kind,
            primary,
        )
        return Answered(attempt(primary), primary, fault)


def is_replica(model: type[models.Model], alias: str) -> bool:
    """Whether ``alias`` is another database than the one the delete writes
    to (a replica may lag behind it)."""
    return alias != router.db_for_write(model)


class DatabaseFault(Exception):
    """The database did not answer: a table that is not there (an app that
    was never migrated), a lost connection, a replica that is down. Said as
    such, never as "no such row"."""

    def __init__(self, using: str, kind: str) -> None:
        super().__init__(f"{using}: {kind}")
        self.using = using
        #: The database error's class name (OperationalError...).
        self.kind = kind


def connection_lost(using: str) -> bool:
    """Whether the connection to ``using`` is gone (a backend an operator
    or a failover killed, a replica that stopped): a step that failed on it
    is a fault of the database, not of that step, and says so."""
    connection = connections[using]
    return connection.connection is None or not connection.is_usable()
