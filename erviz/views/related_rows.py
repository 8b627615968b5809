"""The related-rows page: one row, what it points at and every accessor
leading away from it with its count, one click from the next row."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import router
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..access import may_view
from ..admin.change_links import change_url
from ..row_urls import pk_text, row_url
from ..rows.database import DatabaseFault, on_answering_database
from ..rows.related import PAGE_SIZE, RelatedRows, related_rows
from ..schema import Schema
from ..site import get_admin_site, render_page
from ..templatetags.erviz import count as grouped
from ..visibility import visible_schema
from .errors import bad_request_page
from .params import InvalidParameter, whole_number
from .pictures import Shown, marked_picture
from .scope import model_or_404, row_or_404, trail

#: Rows of the walk kept in the breadcrumb trail (``?via=label:pk``).
TRAIL_LENGTH = 8
#: The last page that may be asked for (a page past the rows lists none).
MAX_PAGE = 100_000


@bad_request_page
def related_rows_view(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    schema = visible_schema(request)
    node = model_or_404(schema, label)
    if not may_view(request, node.label):
        raise PermissionDenied
    model = apps.get_model(node.label)
    via = _via(schema, request.GET.getlist("via"))
    opened = request.GET.get("open") or None
    page = whole_number("page", request.GET.get("page", "1"), MAX_PAGE)
    viewable = functools.cache(functools.partial(may_view, request))

    def attempt(using: str) -> tuple[Any, RelatedRows]:
        row = row_or_404(model, pk, using)
        found = related_rows(
            model, row, using, may_name=viewable, opened=opened, page=page
        )
        if found.fault:
            raise DatabaseFault(using, found.fault)
        return row, found

    answered = on_answering_database(model, router.db_for_read(model), attempt)
    (row, found), using = answered.value, answered.using
    # An accessor to a model the user may not see is answered as one that
    # does not exist: nothing tells the two apart.
    openable = {m.accessor for m in found.reverse if viewable(m.model)}
    if opened is not None and opened not in openable:
        raise InvalidParameter(
            _("%(model)s has no accessor %(name)s.")
            % {"model": node.name, "name": opened[:50]}
        )
    site = get_admin_site()
    here: list[tuple[str, Any]] = [*via, (node.label, row)][-TRAIL_LENGTH:]

    forward = [
        {
            "field": item.field,
            "label": item.target if viewable(item.target) else None,
            "pk": item.pk,
            "text": item.text,
            "url": _rows_url(item.target, item.pk, here)
            if item.pk is not None and viewable(item.target)
            else None,
            "change_url": change_url(item.target, item.pk, site)
            if item.pk is not None and viewable(item.target)
            else None,
        }
        for item in found.forward
    ]
    many = []
    for item in found.reverse:
        shown = viewable(item.model)
        entry: dict[str, Any] = {
            "accessor": item.accessor if shown else None,
            "label": item.model if shown else None,
            "count": item.count,
            "open": shown and item.accessor == opened,
            "open_url": _rows_url(node.label, row, via, open=item.accessor)
            if shown and item.count
            else None,
            "rows": [
                {
                    "text": text,
                    "url": _rows_url(item.model, item_pk, here),
                    "change_url": change_url(item.model, item_pk, site),
                }
                for item_pk, text in item.rows
            ],
        }
        if entry["open"] and item.count:
            pages = -(-item.count // PAGE_SIZE)
            entry["page"], entry["pages"] = page, pages
            entry["previous"] = (
                _rows_url(node.label, row, via, open=item.accessor, page=page - 1)
                if page > 1
                else None
            )
            entry["next"] = (
                _rows_url(node.label, row, via, open=item.accessor, page=page + 1)
                if page < pages
                else None
            )
        many.append(entry)
    crumbs = [
        (f"{schema.models_by_label[lb].name} {p}", _rows_url(lb, p, via[:i]))
        for i, (lb, p) in enumerate(via)
    ]
    return render_page(
        request,
        "erviz/related_rows.html",
        _("Related rows: %(model)s %(row)s") % {"model": node.name, "row": found.text},
        {
            "node": node,
            "found": found,
            "forward": forward,
            "many": many,
            "change_url": change_url(node.label, row, site),
            "preview_url": row_url("delete_preview", node.label, row),
            "picture": _picture(schema, found, viewable),
            "database": using,
            "unanswered": answered.unanswered,
            "breadcrumbs": trail(
                *crumbs,
                (f"{node.name} {row}", None),
            ),
        },
    )


def _rows_url(label: str, pk: Any, via: list[tuple[str, Any]], **query: Any) -> str:
    """The related-rows page of a row, reached through the rows ``via``."""
    path = row_url("related_rows", label, pk) or ""
    pairs = [("via", f"{lb}:{pk_text(p)}") for lb, p in via]
    pairs += [(key, value) for key, value in query.items() if value is not None]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _via(schema: Schema, items: list[str]) -> list[tuple[str, str]]:
    """The rows walked before this one (``label:pk``, oldest first): models
    of the user's schema only, the last TRAIL_LENGTH kept."""
    walked = []
    for item in items[-TRAIL_LENGTH:]:
        label, _sep, pk = item.partition(":")
        if label not in schema.models_by_label or not pk:
            raise InvalidParameter(
                _("via must name a row as app_label.Model:pk, not %(value)s.")
                % {"value": item[:50]}
            )
        walked.append((label, pk[:100]))
    return walked


def _picture(schema: Schema, found: RelatedRows, viewable: Any) -> Shown | None:
    """The row's model in the middle, with the models of the rows around it
    and, on each relation, how many rows it leads to."""
    notes: dict[str, list[str]] = {found.model: [_("this row")]}
    edges: dict[str, int] = {}

    def note(label: str, count: int, name: str) -> None:
        words = ngettext("%(count)s row (%(name)s)", "%(count)s rows (%(name)s)", count)
        notes.setdefault(label, []).append(
            words % {"count": grouped(count), "name": name}
        )

    for item in found.forward:
        if item.pk is not None and viewable(item.target):
            note(item.target, 1, item.field)
            edges[f"{found.model}.{item.field}"] = 1
    for many in found.reverse:
        model = schema.models_by_label.get(many.model)
        if model is None or model.auto_created or not many.count:
            continue
        if not viewable(many.model):
            continue
        note(many.model, many.count, many.accessor)
        key = (
            f"{many.model}.{many.field}"
            if many.direction == "reverse"
            else f"{found.model}.{many.field}"
        )
        edges[key] = many.count
    drawn = {
        label: texts
        for label, texts in notes.items()
        if label in schema.models_by_label
    }
    if len(drawn) < 2:
        return None
    marks = {label: "row" if label == found.model else "neighbour" for label in drawn}
    return marked_picture(schema, drawn, marks, edges)
