"""The admin site erviz's pages belong to.

Its login, permissions, header and sidebar are the pages'. It is
``django.contrib.admin.site`` (which a project can replace with
``AdminConfig.default_site``) unless ``ERVIZ["ADMIN_SITE"]`` names another
``AdminSite`` instance by its dotted path.

A project without ``django.contrib.admin`` (a control panel of its own) names
an AdminSite of its own: erviz then asks it only who may enter
(``has_permission()``), its header and title and its ModelAdmins' view
rules, and draws its pages in a template of its own, since the admin's
templates, static files and log entries are not installed; anonymous users
go to ``settings.LOGIN_URL``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_safe

from .conf import get_config


def get_admin_site() -> AdminSite:
    site: AdminSite = import_string(get_config()["ADMIN_SITE"])
    return site


def admin_installed() -> bool:
    return apps.is_installed("django.contrib.admin")


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view`` as a page of the admin site: staff only (others go to
    its login and come back), GET and HEAD only, and ``admin:`` URLs resolve
    to that site."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        site = get_admin_site()
        request.current_app = site.name
        if admin_installed():
            return site.admin_view(view)(request, *args, **kwargs)
        return _standalone(site, view)(request, *args, **kwargs)

    # Every page only reads: GET and HEAD, 405 for anything else.
    return require_safe(wrapper)


def _standalone(
    site: AdminSite, view: Callable[..., HttpResponse]
) -> Callable[..., HttpResponse]:
    """What ``AdminSite.admin_view()`` does, with the project's login page."""

    @wraps(view)
    def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not site.has_permission(request):
            return _to_login(request)
        return view(request, *args, **kwargs)

    return csrf_protect(never_cache(inner))


def _to_login(request: HttpRequest) -> HttpResponseRedirect:
    """To ``settings.LOGIN_URL`` and back (``?next=``), as
    ``django.contrib.auth.views.redirect_to_login`` sends, without importing
    django.contrib.auth: a project may have none (a user app of its own,
    even under the label ``auth``)."""
    login = urlsplit(resolve_url(settings.LOGIN_URL))
    query = QueryDict(login.query, mutable=True)
    query["next"] = request.get_full_path()
    return HttpResponseRedirect(
        urlunsplit(login._replace(query=query.urlencode(safe="/")))
    )


def render_page(
    request: HttpRequest,
    template: str,
    title: str,
    context: dict[str, Any] | None = None,
    status: int | None = None,
) -> TemplateResponse:
    """An erviz page: its site's context, its title and its own context."""
    return TemplateResponse(
        request,
        template,
        {**page_context(request), "title": title, **(context or {})},
        status=status,
    )


def page_context(request: HttpRequest) -> dict[str, Any]:
    """What every erviz page template needs from its site: the admin's own
    context where the admin is installed, else the site's header and title."""
    site = get_admin_site()
    try:
        home = reverse("admin:index", current_app=site.name)
    except NoReverseMatch:  # the site's own pages are not routed
        home = site.site_url or "/"
    if admin_installed():
        return {
            **site.each_context(request),
            "erviz_base_template": "admin/base_site.html",
            "home_url": home,
        }
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": site.site_url,
        "has_permission": site.has_permission(request),
        "erviz_base_template": "erviz/standalone_base.html",
        "home_url": home,
    }
