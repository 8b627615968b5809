"""A project whose views walk relations in every way erviz.queries must
name: N+1s through forward and reverse keys, many-to-many both ways, two
hops, a reverse one-to-one, a GenericForeignKey, a nested prefetch, a
prefetch defeated by a filter, a correct view and a loop of distinct
aggregates (issue 30). Run with
``pytest --ds=tests.walks.settings tests/walks``."""

from __future__ import annotations

from importlib.util import find_spec

from tests.hostproject.settings import *  # noqa: F403
from tests.hostproject.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if app != "tests.hostproject.shop"),
    "tests.walks.library",
]
ROOT_URLCONF = "tests.walks.urls"
# Not "testserver": ``erviz queries`` must say it lets the test client in.
ALLOWED_HOSTS = ["library.example"]

# django-debug-toolbar, where installed, with erviz's panel: shown on the
# requests of a browser that asks for it (cookie "toolbar=on").
if find_spec("debug_toolbar") is not None:  # else the panel's test is skipped
    from debug_toolbar.settings import PANELS_DEFAULTS

    INSTALLED_APPS.append("debug_toolbar")
    MIDDLEWARE = [
        "debug_toolbar.middleware.DebugToolbarMiddleware",
        *MIDDLEWARE,  # noqa: F405
    ]
    DEBUG_TOOLBAR_PANELS = [*PANELS_DEFAULTS, "erviz.panels.RelationWalkPanel"]
    DEBUG_TOOLBAR_CONFIG = {
        "IS_RUNNING_TESTS": False,
        "SHOW_TOOLBAR_CALLBACK": "tests.walks.urls.toolbar_asked",
    }
