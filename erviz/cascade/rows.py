"""The rows a delete preview names: a few samples per model and the blocking
rows, loaded as model instances and linked to the admin site's change forms.

Both the preview page and the admin's delete summary show them, the way the
admin's own delete page does: ``str(obj)`` with a link where the site has a
change form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.admin.sites import AdminSite
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import NoReverseMatch, reverse

from .count import SAMPLES, RowPreview

#: Blocking rows listed by name; the rest are counted.
BLOCKERS_LISTED = 50


def sample_rows(preview: RowPreview, label: str) -> list[models.Model]:
    """A few of the ``label`` rows the delete reaches."""
    pks = preview.samples.get(label, [])
    return list(apps.get_model(label)._base_manager.filter(pk__in=pks)[:SAMPLES])


def load_rows(keys: Iterable[tuple[str, Any]]) -> dict[tuple[str, Any], models.Model]:
    """The rows named by (model label, pk), one query per model; rows that
    are gone are left out."""
    by_label: dict[str, list[Any]] = {}
    for label, pk in keys:
        by_label.setdefault(label, []).append(pk)
    return {
        (label, obj.pk): obj
        for label, pks in by_label.items()
        for obj in apps.get_model(label)._base_manager.filter(pk__in=pks)
    }


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
