"""Who may see what: the admin's own rules."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.admin import AdminSite
from django.http import HttpRequest

from .site import get_admin_site


def may_view(request: HttpRequest, label: str) -> bool:
    """Whether the admin would show the user the model ``label``: its
    ModelAdmin's ``has_view_or_change_permission()`` where erviz's admin site
    registers it (a ModelAdmin may widen or narrow the rule), else the
    model's view or change permission, the admin's default rule. A model
    the project does not have (one a migration state had) has no
    permission to ask: no."""
    user = staff_user(request)
    if user is None:
        return False
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    site = get_admin_site()
    if site.is_registered(model):
        return bool(site.get_model_admin(model).has_view_or_change_permission(request))
    opts = model._meta
    has_perm = getattr(user, "has_perm", None)
    return callable(has_perm) and bool(
        has_perm(f"{opts.app_label}.view_{opts.model_name}")
        or has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


def staff_user(request: HttpRequest) -> Any:
    """``request.user`` where it is an active staff user, else None: a
    project without django.contrib.auth may set no user, or one without
    these attributes, and its users see no model then."""
    user = getattr(request, "user", None)
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return user
    return None


def may_delete(request: HttpRequest, label: str, site: AdminSite | None = None) -> bool:
    """Whether the admin would let the user delete rows of ``label`` that a
    delete reaches: its ModelAdmin's ``has_delete_permission()`` where the
    site registers it. The admin checks nothing for other models (auto-created
    many-to-many tables, unregistered models), so neither does erviz."""
    model = apps.get_model(label)
    site = site or get_admin_site()
    if model._meta.auto_created or not site.is_registered(model):
        return True
    return bool(site.get_model_admin(model).has_delete_permission(request))
