"""A project whose every text is hostile (tests/hostile/strings.py). Run with
``pytest --ds=tests.hostile.settings tests/hostile``."""

from __future__ import annotations

from tests.hostproject.settings import *  # noqa: F403
from tests.hostproject.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if app != "tests.hostproject.shop"),
    "tests.hostile.evil.apps.EvilConfig",
]
ROOT_URLCONF = "tests.oddproject.urls"
