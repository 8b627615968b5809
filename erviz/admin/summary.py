"""The admin's delete confirmation, from the row preview instead of a list of
every related object.

``ModelAdmin.get_deleted_objects()`` returns four things: the objects to list,
a count per model, the names of models the user may not delete, and the
objects that protect the deletion. Django's own version loads and formats
every object the delete reaches. :func:`summarise_deletion` gives the same
refusals (protected or restricted, missing delete permission) from counted
primary keys, and lists counts, updates, blockers and a few samples. The
delete itself stays Django's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.admin import ModelAdmin
from django.contrib.admin.sites import AdminSite
from django.db import models, router
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..access import may_delete
from ..on_delete import ACTIONS
from ..rows.delete_preview import RowPreview, preview_delete_rows
from ..rows.lookup import sample_names
from ..schema import get_schema
from ..templatetags.erviz import count as grouped
from .change_links import blocking_rows, change_url

DeletedObjects = tuple[list[Any], dict[str, int], set[str], list[str]]


def summarise_deletion(
    objs: Iterable[models.Model] | models.QuerySet[Any],
    request: HttpRequest,
    admin_site: AdminSite,
) -> DeletedObjects | None:
    """``get_deleted_objects()``'s four values, or None where only Django's
    own collection can give them exactly: a custom on_delete handler, or a
    ModelAdmin whose ``has_delete_permission()`` depends on the object."""
    model, pks = _rows(objs)
    if not pks:
        return [], {}, set(), []
    assert model is not None
    # Django's own page decides where a custom on_delete handler does: it is
    # not run here first (it may write).
    preview = preview_delete_rows(
        model,
        pks,
        router.db_for_write(model),
        time_budget=None,
        may_name=lambda label: True,  # Django's delete page names every row
        collector=False,
    )
    if preview.collector:
        return None
    reached = {
        *preview.deleted,
        *preview.protected_by_model,
        *preview.restricted_by_model,
    }
    admins = [
        admin_site.get_model_admin(reached_model)
        for reached_model in map(apps.get_model, reached)
        if admin_site.is_registered(reached_model)
    ]
    if any(_permission_per_object(model_admin) for model_admin in admins):
        return None
    perms_needed = {
        str(apps.get_model(label)._meta.verbose_name)
        for label in reached
        if not may_delete(request, label, admin_site)
    }
    model_count = {
        str(apps.get_model(label)._meta.verbose_name_plural): count
        for label, count in _root_first(preview.deleted, model._meta.label)
    }
    return (
        _listing(preview, model._meta.label, admin_site),
        model_count,
        perms_needed,
        _blockers(preview, admin_site),
    )


def _rows(
    objs: Iterable[models.Model] | models.QuerySet[Any],
) -> tuple[type[models.Model] | None, list[Any]]:
    if isinstance(objs, models.QuerySet):
        return objs.model, list(objs.values_list("pk", flat=True))
    instances = list(objs)
    if not instances:
        return None, []
    return type(instances[0]), [obj.pk for obj in instances]


def _permission_per_object(model_admin: ModelAdmin[Any]) -> bool:
    """Django's check calls ``has_delete_permission(request, obj)`` for each
    object; ModelAdmin's own ignores ``obj``, an override may not."""
    method = type(model_admin).has_delete_permission
    return method is not ModelAdmin.has_delete_permission


def _root_first(counts: dict[str, int], root: str) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (item[0] != root, item[0]))


def _listing(preview: RowPreview, root: str, admin_site: AdminSite) -> list[Any]:
    """Each model's count with a few samples, then what is updated: the
    nested list the delete confirmation templates show."""
    listing: list[Any] = []
    for label, count in _root_first(preview.deleted, root):
        model = apps.get_model(label)
        samples = [
            _describe(label, text, change_url(label, pk, admin_site))
            for pk, text in sample_names(preview, label)
        ]
        if count > len(samples):
            samples.append(_more(count - len(samples)))
        listing += [
            format_html(
                "{}: {}", capfirst(model._meta.verbose_name_plural), grouped(count)
            ),
            samples,
        ]
    for label, count in sorted(preview.deleted_by_database.items()):
        listing.append(
            format_html(
                _("{model}: {count}, deleted by the database (on_delete=DB_CASCADE)"),
                model=capfirst(apps.get_model(label)._meta.verbose_name_plural),
                count=grouped(count),
            )
        )
    relations = get_schema().relations_by_id
    for key, count in sorted(
        {**preview.updated, **preview.updated_by_database}.items()
    ):
        relation = relations[key]
        opts = apps.get_model(relation.source)._meta
        listing.append(
            format_html(
                _("Kept, not deleted: {count} {rows} whose “{field}” is {change}"),
                count=grouped(count),
                rows=opts.verbose_name if count == 1 else opts.verbose_name_plural,
                field=relation.field,
                change=_update_words(relation.on_delete),
            )
        )
    return listing


def _update_words(name: str | None) -> str:
    action = ACTIONS.get(name or "")
    return _(action.update) if action is not None and action.update else _("changed")


def _more(count: int) -> str:
    """ "… and 1,234 more", in the active language."""
    return _("… and %(count)s more") % {"count": grouped(count)}


def _blockers(preview: RowPreview, admin_site: AdminSite) -> list[str]:
    listed = [
        _describe(row.label, row.name, row.url)
        for row in blocking_rows(preview, admin_site, lambda label: True)
        if row.name is not None
    ]
    if preview.blocker_count > len(listed):
        listed.append(_more(preview.blocker_count - len(listed)))
    return listed


def _describe(label: str, text: str, url: str | None) -> str:
    """A row as Django's confirmation page names it: with a link to its
    change form where the site has one (``url``, from :func:`change_url`)."""
    name = capfirst(apps.get_model(label)._meta.verbose_name)
    if url is None:
        return format_html("{}: {}", name, text)
    return format_html('{}: <a href="{}">{}</a>', name, url, text)
