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
