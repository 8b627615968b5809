"""The delete preview page: what deleting one row would do, counted."""

from __future__ import annotations

import functools
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..access import may_delete, may_view
from ..admin.change_links import blocking_rows
from ..rows.database import (
    DatabaseFault,
    is_replica,
    on_answering_database,
    preview_database,
)
from ..rows.delete_preview import RowPreview, preview_row
from ..rows.lookup import sample_names
from ..schema import Schema
from ..site import get_admin_site, render_page
from ..templatetags.erviz import count as grouped
from ..visibility import visible_schema
from .errors import bad_request_page
from .pictures import Shown, marked_picture, model_of
from .scope import model_or_404, row_or_404, trail


def _missing_permissions(deleted: list[dict[str, Any]]) -> list[str]:
    """The models whose delete permission the user lacks, those they may not
    view counted once at the end."""
    missing = [d for d in deleted if not d["may_delete"]]
    hidden = sum(1 for d in missing if d["label"] is None)
    named = [d["label"] for d in missing if d["label"] is not None]
    if hidden:
        named.append(
            ngettext("%d model you may not view", "%d models you may not view", hidden)
            % hidden
        )
    return named


def _preview_picture(schema: Schema, preview: Any) -> Shown | None:
    """The cascade as a picture: every model the delete reaches that the
    user may see, outlined by what happens to its rows, with the counts."""
    notes: dict[str, list[str]] = {}
    marks: dict[str, str] = {}

    def add(label: str, mark: str, text: str) -> None:
        model = schema.models_by_label.get(label)
        if model is None or model.auto_created:
            return  # not drawn: a model the user may not view, a link table
        notes.setdefault(label, []).append(text)
        if mark == "blocking" or label not in marks:
            marks[label] = mark

    for counts, mark in (
        (preview.protected_by_model, "blocking"),
        (preview.restricted_by_model, "blocking"),
    ):
        for label, count in counts.items():
            words = ngettext("%(count)s row blocks", "%(count)s rows block", count)
            add(label, mark, words % {"count": grouped(count)})
    add(preview.model, "root", _("the row you delete"))
    for label, count in preview.deleted.items():
        words = ngettext("%(count)s row deleted", "%(count)s rows deleted", count)
        add(label, "deleted", words % {"count": grouped(count)})
    for key, count in preview.updated.items():
        words = ngettext(
            "%(count)s row updated (%(field)s)",
            "%(count)s rows updated (%(field)s)",
            count,
        ) % {"count": grouped(count), "field": key.rsplit(".", 1)[1]}
        add(model_of(key), "updated", words)
    if not notes:
        return None
    return marked_picture(schema, notes, marks, preview.reached or {})


@bad_request_page
def delete_preview(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """What deleting one row would do: counts, updates, blockers, samples."""
    schema = visible_schema(request)
    node = model_or_404(schema, label)
    model = apps.get_model(node.label)
    if not may_view(request, node.label):
        raise PermissionDenied
    site = get_admin_site()
    viewable = functools.cache(functools.partial(may_view, request))

    def attempt(using: str) -> tuple[Any, RowPreview]:
        row = row_or_404(model, pk, using)
        preview = preview_row(model, row, using, may_name=viewable)
        if preview.fault:
            raise DatabaseFault(using, preview.fault)
        return row, preview

    answered = on_answering_database(model, preview_database(model), attempt)
    (row, preview), using = answered.value, answered.using

    def label_for(label: str) -> str | None:
        """A model's label where the user's schema has the model; None for
        "a model you may not view"."""
        return label if label in schema.models_by_label else None

    deleted = [
        {
            "label": label_for(name),
            "count": count,
            "viewable": viewable(name),
            "samples": [text for _pk, text in sample_names(preview, name)],
            "may_delete": may_delete(request, name),
            "signals": preview.signals.get(name, []) if label_for(name) else [],
            "fast_delete": preview.fast_delete.get(name, False),
        }
        for name, count in sorted(preview.deleted.items())
    ]
    blockers = [
        {**row._asdict(), "label": label_for(row.label)}
        for row in blocking_rows(preview, site, viewable)
    ]
    return render_page(
        request,
        "erviz/delete_preview.html",
        _("Preview: deleting %(model)s %(row)s")
        % {"model": node.name, "row": preview.names.get((node.label, row), row)},
        {
            "node": node,
            "preview": preview,
            "deleted": deleted,
            "updated": [
                (
                    label_for(model_of(key)) and key,
                    count,
                    None
                    if preview.updated_surviving is None
                    else count - preview.updated_surviving.get(key, count),
                )
                for key, count in sorted(preview.updated.items())
            ],
            "by_database": [
                (
                    label_for(model_of(key)) and key,
                    count,
                    verb,
                )
                for counts, verb in (
                    (preview.deleted_by_database, _("deleted")),
                    (preview.updated_by_database, _("updated")),
                )
                for key, count in sorted(counts.items())
            ],
            "picture": _preview_picture(schema, preview),
            "database": using,
            "replica": is_replica(model, using),
            "unanswered": answered.unanswered,
            "signals_not_sent": [
                (label, paths)
                for label, paths in sorted(preview.signals_not_sent.items())
                if label_for(label)
            ],
            "blockers": blockers,
            "blocker_count": preview.blocker_count,
            "more_blockers": preview.blocker_count - len(blockers),
            "undecided": sum(preview.undecided.values()),
            "missing_permissions": _missing_permissions(deleted),
            "breadcrumbs": trail(
                (node.name, reverse("erviz:model", args=[node.label])),
                (_("Preview delete %(pk)s") % {"pk": pk}, None),
            ),
        },
    )
