"""The full test project: the demo, django.contrib and real third-party apps
with relations of their own, so introspection meets more than our models."""

from __future__ import annotations

from django.db import models

from demo_models.settings import *  # noqa: F403
from demo_models.settings import INSTALLED_APPS

INSTALLED_APPS = [
    # Django's own admin site: the tests of the delete summary mount erviz's
    # beside it (tests/summary_urls.py).
    *(
        "django.contrib.admin" if app.startswith("erviz.admin.") else app
        for app in INSTALLED_APPS
    ),
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",
    "django_extensions",
    "taggit",
    "mptt",
    "treebeard",
    "polymorphic",
    "tests.thirdparty",
    # Primary keys of every kind: UUID, text, composite.
    "tests.oddkeys",
]
if hasattr(models, "DB_CASCADE"):  # Django 6.1+
    INSTALLED_APPS.append("tests.dbdelete")
SITE_ID = 1
# erviz's defaults, not the demo's: each test turns on what it tests.
ERVIZ = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A second database, for the tests of projects whose routers send an app
# elsewhere (tests/test_preview_router.py).
DATABASES = {
    **DATABASES,  # noqa: F405
    "other": {
        **DATABASES["default"],  # noqa: F405
        "TEST": {"NAME": None}
        if DATABASES["default"]["ENGINE"].endswith("sqlite3")  # noqa: F405
        else {"NAME": "test_erviz_other"},
    },
}
