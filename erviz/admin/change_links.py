"""The rows a delete preview names, as the admin's own delete page names
them: ``str(obj)`` (read inside the preview's transaction) with a link to the
row's change form where the site has one. The preview page and the admin's
delete summary both list blocking rows from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.apps import apps
from django.contrib.admin.sites import AdminSite
from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse

from ..rows.row_preview import BLOCKERS_LISTED, RowPreview


class BlockingRow(NamedTuple):
    action: str  # the name of PROTECT or RESTRICT
    label: str
    #: None, with ``name`` and ``url``, for a row the user may not see.
    pk: Any
    name: str | None
    url: str | None


def blocking_rows(
    preview: RowPreview, site: AdminSite, may_see: Callable[[str], bool]
) -> list[BlockingRow]:
    """The first BLOCKERS_LISTED blocking rows, PROTECT first."""
    return [
        BlockingRow(
            action,
            label,
            pk,
            preview.names.get((label, pk)),
            change_url(label, pk, site),
        )
        if may_see(label)
        else BlockingRow(action, label, None, None, None)
        for action, label, pk in preview.blockers[:BLOCKERS_LISTED]
    ]


def change_url(label: str, pk: Any, site: AdminSite) -> str | None:
    """The row's change form on ``site``, or None where it has none."""
    opts = apps.get_model(label)._meta
    try:
        return reverse(
            f"{site.name}:{opts.app_label}_{opts.model_name}_change",
            args=(quote(pk),),
        )
    except NoReverseMatch:
        return None
