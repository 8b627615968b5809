"""A project of large open-source Django apps that no other test uses:
django CMS (a CMS with custom placeholder relations), django-filer (a
document and file manager, polymorphic, with FK subclasses), django-helpdesk
(a ticketing desk, with pinax-teams), django-guardian (object permissions by content type and
text pk) and django-reversion (versions of any object). Run with
``pytest --ds=tests.realworld.settings tests/realworld``."""

from __future__ import annotations

from tests.hostproject.settings import *  # noqa: F403
from tests.hostproject.settings import INSTALLED_APPS
from tests.hostproject.settings import TEMPLATES as HOST_TEMPLATES

INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if app != "tests.hostproject.shop"),
    "django.contrib.sites",
    "django.contrib.humanize",
    # django CMS
    "cms",
    "menus",
    "treebeard",
    "sekizai",
    # django-filer
    "easy_thumbnails",
    "filer",
    "polymorphic",
    # django-helpdesk
    "helpdesk",
    "rest_framework",
    "account",
    "pinax.invitations",
    "pinax.teams",
    # object permissions and versions
    "guardian",
    "reversion",
]
ROOT_URLCONF = "tests.realworld.urls"
SITE_ID = 1
LANGUAGES = [("en", "English")]
CMS_CONFIRM_VERSION4 = True
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
TEMPLATES = [
    {
        **HOST_TEMPLATES[0],
        "OPTIONS": {
            "context_processors": [
                *HOST_TEMPLATES[0]["OPTIONS"]["context_processors"],  # type: ignore[index]
                "sekizai.context_processors.sekizai",
                "cms.context_processors.cms_settings",
                "django.template.context_processors.i18n",
            ]
        },
    }
]
