"""A project whose models hold relation fields of every odd shape erviz has
met in real projects (tests/oddproject/odd/fields.py): erviz must answer
every page, export and lint for it. Run with
``pytest --ds=tests.oddproject.settings tests/oddproject``."""

from __future__ import annotations

from tests.hostproject.settings import *  # noqa: F403
from tests.hostproject.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if app != "tests.hostproject.shop"),
    "tests.oddproject.odd",
    "tests.oddproject.addon",
]
ROOT_URLCONF = "tests.oddproject.urls"
