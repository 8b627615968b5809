"""An admin site as a project that chose erviz's delete summary has it: the
site's own class with :class:`~erviz.admin.DeleteSummaryAdminSite` first
(as a project subclasses it), holding the same ModelAdmins."""

from __future__ import annotations

from typing import cast

from django.contrib.admin import AdminSite
from django.utils.functional import LazyObject

from erviz.admin import DeleteSummaryAdminSite


def summarised(site: AdminSite) -> AdminSite:
    if isinstance(site, LazyObject):  # Django's default site, evaluated
        assert site.name
        site = cast(AdminSite, getattr(site, "_wrapped"))  # noqa: B009
    cls = type(
        f"Summarised{type(site).__name__}", (DeleteSummaryAdminSite, type(site)), {}
    )
    copy: AdminSite = cls(name=site.name)
    for model, model_admin in site._registry.items():
        copy.register(model, type(model_admin))
    return copy
