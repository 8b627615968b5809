"""erviz's admin integration for host projects: a fast delete confirmation.

Three ways in, each visible in the project's own code and none changing an
object of the project's at run time:

- :class:`DeleteSummaryMixin` on a ``ModelAdmin`` of yours;
- :class:`DeleteSummaryAdminSite`, an ``AdminSite`` whose every registered
  ModelAdmin gets the summary (a site of yours can subclass it);
- :class:`~erviz.admin.apps.DeleteSummaryAdminConfig` in ``INSTALLED_APPS``
  in place of ``"django.contrib.admin"``: the same for the default site
  (Django's ``AdminConfig.default_site``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.admin import AdminSite, ModelAdmin
from django.db import models
from django.http import HttpRequest

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


class DeleteSummaryAdminSite(AdminSite):
    """An admin site whose ModelAdmins summarise their delete confirmations:
    each is registered as a subclass with :class:`DeleteSummaryMixin` first,
    made once, when it is registered. A ModelAdmin that defines its own
    ``get_deleted_objects()`` keeps it."""

    def register(
        self,
        model_or_iterable: type[models.Model] | Iterable[type[models.Model]],
        admin_class: type[ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        super().register(
            model_or_iterable, with_delete_summary(admin_class or ModelAdmin), **options
        )


def with_delete_summary(admin_class: type[ModelAdmin[Any]]) -> type[ModelAdmin[Any]]:
    """``admin_class`` with :class:`DeleteSummaryMixin` first, unless it
    has the mixin or a ``get_deleted_objects()`` of its own."""
    if (
        issubclass(admin_class, DeleteSummaryMixin)
        or admin_class.get_deleted_objects is not ModelAdmin.get_deleted_objects
    ):
        return admin_class
    summarised: type[ModelAdmin[Any]] = type(
        admin_class.__name__,
        (DeleteSummaryMixin, admin_class),
        {
            "__module__": admin_class.__module__,
            "__qualname__": admin_class.__qualname__,
        },
    )
    return summarised
