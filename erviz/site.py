"""The admin site erviz's pages belong to.

Its login, permissions, header and sidebar are the pages'. It is
``django.contrib.admin.site`` (which a project can replace with
``AdminConfig.default_site``) unless ``ERVIZ["ADMIN_SITE"]`` names another
``AdminSite`` instance by its dotted path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from .conf import get_config


def get_admin_site() -> AdminSite:
    site: AdminSite = import_string(get_config()["ADMIN_SITE"])
    return site


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view`` as a page of the admin site: staff only (others go to
    its login and come back), and ``admin:`` URLs resolve to that site."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        site = get_admin_site()
        request.current_app = site.name
        return site.admin_view(view)(request, *args, **kwargs)

    return wrapper
