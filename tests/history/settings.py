"""A project whose migrations add, remove and alter relations (foreign
keys, one-to-ones, many-to-many with and without a through model,
inheritance, on_delete changes, renames), for the schema at each migration
(issue 29). Run with ``pytest --ds=tests.history.settings tests/history``.

``HISTORY_DATABASE=unreachable`` points the default database at a file
that cannot be opened: ``erviz export --at`` must not need it."""

from __future__ import annotations

import os

from tests.hostproject.settings import *  # noqa: F403
from tests.hostproject.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if app != "tests.hostproject.shop"),
    "tests.history.ledger",
    "tests.history.archive",
]
ROOT_URLCONF = "tests.history.urls"
if os.environ.get("HISTORY_DATABASE") == "unreachable":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": "/nonexistent/erviz-history/db.sqlite3",
        }
    }
