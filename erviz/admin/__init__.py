"""erviz's admin integration for host projects: a fast delete confirmation.

Use :class:`DeleteSummaryMixin` on a ``ModelAdmin``, or turn it on for every
registered model with ``ERVIZ = {"ADMIN_DELETE_SUMMARY": True}``.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

from django.contrib.admin import ModelAdmin
from django.contrib.admin.sites import all_sites
from django.http import HttpRequest

from ..conf import get_config
from .summary import DeletedObjects, summarise_deletion


class DeleteSummaryMixin:
    """The delete confirmation pages (the change form's "Delete" and the
    "Delete selected" action) show per-model counts, updates, blockers and a
    few samples instead of every related object, so that a cascade of
    hundreds of thousands of rows answers in a second or so. Refusals (a
    protected or restricted row, a missing delete permission) and the delete
    itself are Django's.

        class BookAdmin(DeleteSummaryMixin, admin.ModelAdmin): ...
    """

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> DeletedObjects:
        model_admin: Any = self
        summary = summarise_deletion(objs, request, model_admin.admin_site)
        if summary is None:
            return super().get_deleted_objects(objs, request)  # type: ignore[misc]
        return summary


def _summary_for_every_model(
    model_admin: ModelAdmin[Any], objs: Any, request: HttpRequest
) -> DeletedObjects:
    """The setting's version of the mixin's method, bound to a ModelAdmin
    instance that does not use the mixin: read the setting on each call, so
    that turning it off takes effect at once."""
    summary = (
        summarise_deletion(objs, request, model_admin.admin_site)
        if get_config()["ADMIN_DELETE_SUMMARY"]
        else None
    )
    if summary is None:
        return type(model_admin).get_deleted_objects(model_admin, objs, request)
    return summary


def install_delete_summary(**kwargs: Any) -> None:
    """With ``ADMIN_DELETE_SUMMARY`` on, give every registered ModelAdmin of
    every admin site the summary (a ``request_started`` receiver: the admin
    registers its models after erviz's app is ready). A ModelAdmin that
    defines its own ``get_deleted_objects()`` keeps it."""
    if not get_config()["ADMIN_DELETE_SUMMARY"]:
        return
    for site in all_sites:
        for model_admin in site._registry.values():
            if (
                type(model_admin).get_deleted_objects
                is not ModelAdmin.get_deleted_objects
                or "get_deleted_objects" in model_admin.__dict__
            ):
                continue
            model_admin.get_deleted_objects = MethodType(  # type: ignore[method-assign]
                _summary_for_every_model, model_admin
            )
