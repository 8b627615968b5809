"""A project with none of Django's optional apps: no admin, no sessions,
no contenttypes, no django.contrib.auth, and a user app of its own under the
label ``auth`` (as some large open-source shops have), with a field object
in ``_meta`` that is not a Django field. erviz's commands must all run, and
its pages answer through the project's own panel (an AdminSite whose
gateway says who is staff), showing every model's schema to its staff
(``SCHEMA_VISIBILITY = "staff"``) and no row, since no permission system
says who may see rows.
Used by ``tests/test_host_never_blocked.py`` (each command in a process of
its own, as a user runs it)."""

from __future__ import annotations

SECRET_KEY = "bare"
INSTALLED_APPS = [
    "erviz",
    "django_htmx",
    "tests.bareproject.accounts",
    "tests.bareproject.shop",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
ROOT_URLCONF = "tests.bareproject.urls"
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
]
USE_TZ = True
LOGIN_URL = "/login/"
ERVIZ = {"ADMIN_SITE": "tests.bareproject.sites.panel", "SCHEMA_VISIBILITY": "staff"}
