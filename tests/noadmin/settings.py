"""A project without django.contrib.admin (it has a control panel of its
own): erviz's pages are served through an AdminSite of its own, with the
two settings README gives. Run with
``pytest --ds=tests.noadmin.settings tests/noadmin``."""

from __future__ import annotations

from tests.hostproject.settings import *  # noqa: F403
from tests.hostproject.settings import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django.contrib.admin"]
ROOT_URLCONF = "tests.noadmin.urls"
LOGIN_URL = "/accounts/login/"
ERVIZ = {"ADMIN_SITE": "tests.noadmin.sites.panel_site"}  # the second line
