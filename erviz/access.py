"""Who may see what: the admin's own rules."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from .site import get_admin_site


def may_view(request: HttpRequest, label: str) -> bool:
    """Whether the admin would show the user the model ``label``: its
    ModelAdmin's ``has_view_or_change_permission()`` where erviz's admin site
    registers it (a ModelAdmin may widen or narrow the rule), else the
    model's view or change permission, the admin's default rule."""
    user: Any = request.user
    if not user.is_active or not user.is_staff:
        return False
    model = apps.get_model(label)
    site = get_admin_site()
    if site.is_registered(model):
        return bool(site.get_model_admin(model).has_view_or_change_permission(request))
    opts = model._meta
    return bool(
        user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )
