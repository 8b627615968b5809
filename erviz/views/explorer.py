"""The explorer's pages: overview, app, model, panel and search."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..access import may_delete, may_view
from ..admin.change_links import blocking_rows
from ..conf import get_config
from ..picture_cache import cached_paths, cached_picture, picture_is_cached
from ..render import REGISTRY
from ..render.options import Detail, DiagramOptions
from ..rows.database import (
    DatabaseFault,
    is_replica,
    on_answering_database,
    preview_database,
)
from ..rows.delete_preview import RowPreview, preview_row
from ..rows.lookup import sample_names
from ..schema import App, ModelNode, Schema, get_schema
from ..schema.cascade_report import plan_summary
from ..schema.explain import guide
from ..schema.paths import MAX_HOPS_CEILING
from ..schema.select import find_matches
from ..site import get_admin_site, page_context
from ..templatetags.erviz import count as grouped
from ..visibility import visible_schema
from .params import InvalidParameter, whole_number
from .scope import Scope, model_or_404, page_scope, row_or_404, trail

View = Callable[..., HttpResponse]


def _htmx_target(request: HttpRequest) -> str | None:
    """The element an htmx request swaps (headers, so the django-htmx
    middleware is optional)."""
    if request.headers.get("HX-Request") != "true":
        return None
    return request.headers.get("HX-Target") or ""


def bad_request_page(view: View) -> View:
    """Answer an unusable query string with a 400 page that says why, and a
    database that did not answer with a 503 page that says so."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InvalidParameter as error:
            return _error_page(request, _("Bad request"), str(error), 400)
        except DatabaseFault as fault:
            message = _(
                "The database %(database)s did not answer (%(error)s): a table "
                "may be missing (has migrate run?) or the connection is down. "
                "Nothing was changed."
            ) % {"database": fault.using, "error": fault.kind}
            return _error_page(request, _("The database did not answer"), message, 503)

    return wrapper


def _error_page(
    request: HttpRequest, title: str, message: str, status: int
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "erviz/bad_request.html",
        {**page_context(request), "title": title, "message": message},
        status=status,
    )


def diagram_options(
    detail: Detail,
    level: str = "models",
    marks: tuple[tuple[str, str, str], ...] = (),
    edge_notes: tuple[tuple[str, str], ...] = (),
) -> DiagramOptions:
    return DiagramOptions(
        detail=detail,
        level="apps" if level == "apps" else "models",
        marks=marks,
        edge_notes=edge_notes,
        hub_edges=get_config()["HUB_EDGES"],
        time_budget=get_config()["PICTURE_TIME_BUDGET"],
        max_pixels=get_config()["PNG_MAX_PIXELS"],
        model_href=reverse("erviz:model", args=["LABEL"]).replace("LABEL", "{label}"),
        app_href=reverse("erviz:app", args=["APP"]).replace("APP", "{app_label}"),
    )


def _page(
    request: HttpRequest,
    scope: Scope,
    *,
    controls: bool = False,
    template: str = "erviz/explorer.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    schema = visible_schema(request)
    options = diagram_options(scope.params.detail, scope.level, scope.marks)
    labels = scope.labels
    fragment = _htmx_target(request) == "erviz-diagram"
    shown = None
    subject = scope.subject if scope.kind in ("model", "cascade") else None
    # A large layout that is not cached yet is fetched after the page shows,
    # behind a loading indicator (or with ?wait=1, without JavaScript).
    if (
        fragment
        or request.GET.get("wait") == "1"
        or len(labels) <= get_config()["LAZY_ABOVE_MODELS"]
        or picture_is_cached(schema, labels, options, subject)
    ):
        shown = show_picture(
            schema, labels, options, subject, download=scope.download_query
        )
    context = {
        **page_context(request),
        "title": scope.title,
        "shown": shown,
        "params": scope.params,
        "controls": controls,
        "breadcrumbs": scope.breadcrumbs,
        "depths": range(1, get_config()["MAX_DEPTH"] + 1),
        "directions": [
            ("both", _("both ways")),
            ("out", _("outgoing")),
            ("in", _("incoming")),
        ],
        "details": [
            ("all", _("all")),
            ("keys", _("keys and relations")),
            ("none", _("none")),
        ],
        "downloads": [
            (fmt, f"{reverse('erviz:export', args=[fmt])}?{scope.download_query}")
            for fmt in REGISTRY
        ],
        "model_count": sum(
            1 for label in labels if not schema.models_by_label[label].auto_created
        ),
        "level": scope.level,
        "hidden_models": schema.hidden_models,
        "relation_panel": _relation_context(schema, scope.params.relation)
        if scope.params.relation
        else None,
        "panel": _panel_context(request, schema, scope.params.panel)
        if scope.params.panel and not scope.params.relation
        else None,
        **(extra or {}),
    }
    if fragment:
        return TemplateResponse(request, "erviz/_diagram.html", context)
    return TemplateResponse(request, template, context)


def _inline_svg(data: bytes) -> str:
    """The SVG element alone, without the XML declaration and doctype."""
    text = data.decode()
    return text[text.index("<svg") :]


@dataclass(frozen=True)
class Shown:
    """A page's picture as drawn within the budget: the SVG (None when none
    could be), why it is simpler than asked, and the sentence saying so."""

    svg: str | None
    reason: str | None = None
    note: str | None = None
    download: str | None = None


def show_picture(
    schema: Schema,
    labels: frozenset[str],
    options: DiagramOptions,
    subject: str | None = None,
    download: str | None = None,
) -> Shown:
    picture = cached_picture(schema, labels, options, subject)
    svg = _inline_svg(picture.data) if picture.data else None
    if picture.reason is None:
        return Shown(svg)
    budget = number_format(options.time_budget or 0)
    why = {
        "size": _("would take longer than %(seconds)s s to lay out"),
        "timeout": _("took longer than %(seconds)s s to lay out"),
        "crash": _("stopped Graphviz while it was laid out"),
        "error": _("was refused by Graphviz"),
    }[picture.reason] % {"seconds": budget}
    drawn = picture.asked - picture.left_out
    if picture.data is None:
        note = _("No picture: the whole picture %(why)s.") % {"why": why}
    elif picture.level == "apps" and picture.left_out:
        note = ngettext(
            "The most linked apps, with %(drawn)s of %(count)s model: "
            "the whole map %(why)s.",
            "The most linked apps, with %(drawn)s of %(count)s models: "
            "the whole map %(why)s.",
            picture.asked,
        ) % {"drawn": grouped(drawn), "count": grouped(picture.asked), "why": why}
    elif picture.level == "apps":
        note = ngettext(
            "A map of apps: the picture of its %(count)s model %(why)s.",
            "A map of apps: the picture of its %(count)s models %(why)s.",
            picture.asked,
        ) % {"count": grouped(picture.asked), "why": why}
    else:
        note = ngettext(
            "%(drawn)s of %(count)s model drawn, the most connected first: "
            "the whole picture %(why)s.",
            "%(drawn)s of %(count)s models drawn, the most connected first: "
            "the whole picture %(why)s.",
            picture.asked,
        ) % {"drawn": grouped(drawn), "count": grouped(picture.asked), "why": why}
    href = None
    if download is not None:
        href = f"{reverse('erviz:export', args=['svg'])}?{download}"
    return Shown(svg, picture.reason, note, href)


@bad_request_page
def overview(request: HttpRequest) -> HttpResponse:
    return _page(
        request, page_scope(visible_schema(request), "overview", "", request.GET)
    )


@bad_request_page
def app_view(request: HttpRequest, app_label: str) -> HttpResponse:
    return _page(
        request, page_scope(visible_schema(request), "app", app_label, request.GET)
    )


@bad_request_page
def model_view(request: HttpRequest, label: str) -> HttpResponse:
    scope = page_scope(visible_schema(request), "model", label, request.GET)
    if scope.params.panel is None:
        scope = replace(scope, params=replace(scope.params, panel=scope.subject))
    return _page(request, scope, controls=True)


def _panel_context(request: HttpRequest, schema: Schema, label: str) -> dict[str, Any]:
    model = model_or_404(schema, label)
    return {
        "model": model,
        "fields": model.fields,
        "notes": schema.notes_on(model.label),
        "hidden_relations": _hidden_relations(schema, model.label),
        "outgoing": [guide(schema, r) for r in schema.outgoing(model.label)],
        "incoming": [guide(schema, r) for r in schema.incoming(model.label)],
        "changelist": _changelist_url(request, model),
        "model_url": reverse("erviz:model", args=[model.label]),
        "cascade_url": reverse("erviz:cascade", args=[model.label]),
    }


def _relation_context(schema: Schema, relation_id: str) -> dict[str, Any]:
    """One relation, both ends: what the panel of a clicked edge shows."""
    relation = schema.relations_by_id.get(relation_id)
    if relation is None:
        raise Http404(f"No relation {relation_id[:100]!r} in this project.")
    return {"relation": relation, "guide": guide(schema, relation)}


def relation_panel(request: HttpRequest, label: str, field: str) -> HttpResponse:
    """The panel of one relation (an edge clicked or focused)."""
    schema = visible_schema(request)
    model = model_or_404(schema, label)
    context = _relation_context(schema, f"{model.label}.{field}")
    if _htmx_target(request) is not None:
        return TemplateResponse(
            request, "erviz/_relation_panel.html", {"relation_panel": context}
        )
    return TemplateResponse(
        request,
        "erviz/panel_page.html",
        {
            **page_context(request),
            "title": f"{model.name}.{field}",
            "relation_panel": context,
            "breadcrumbs": trail(
                (model.name, reverse("erviz:model", args=[model.label])),
                (field, None),
            ),
        },
    )


@bad_request_page
def path_view(request: HttpRequest, label: str, to: str | None = None) -> HttpResponse:
    """How to get from one model to another: the lookup paths, drawn."""
    schema = visible_schema(request)
    start = model_or_404(schema, label)
    target = request.GET.get("to", "").strip() if to is None else to
    if not target:
        raise InvalidParameter(_("Name the model to go to, as app_label.Model."))
    end = model_or_404(schema, target)
    if end.label == start.label:
        raise InvalidParameter(_("Choose another model than the one you start from."))
    max_hops = whole_number(
        "max_hops", request.GET.get("max_hops", "4"), MAX_HOPS_CEILING
    )
    # The search gets a third of a picture's budget, the picture its own.
    budget = get_config()["PICTURE_TIME_BUDGET"]
    deadline = None if budget is None else time.monotonic() + budget / 3
    search = cached_paths(schema, start.label, end.label, max_hops, 5, deadline)
    paths = search.paths
    on_path = {hop.end for path in paths for hop in path.hops} | {start.label}
    marks = tuple(
        (
            model,
            "endpoint" if model in (start.label, end.label) else "on_path",
            _("from here") if model == start.label
            else _("to here") if model == end.label
            else _("on the way"),
        )
        for model in sorted(on_path)
    )  # fmt: skip
    picture = None
    if paths:
        options = diagram_options("keys", marks=marks)
        picture = show_picture(schema, frozenset(on_path), options, start.label)
    return TemplateResponse(
        request,
        "erviz/path.html",
        {
            **page_context(request),
            "title": _("From %(start)s to %(end)s")
            % {"start": start.name, "end": end.name},
            "start": start,
            "end": end,
            "max_hops": max_hops,
            "paths": [
                {
                    "path": path,
                    "attribute": path.attribute(start.model_name),
                    "steps": " → ".join(hop.lookup for hop in path.hops),
                }
                for path in paths
            ],
            "picture": picture,
            "complete": search.complete,
            "breadcrumbs": trail(
                (start.name, reverse("erviz:model", args=[start.label])),
                (end.name, None),
            ),
        },
    )


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


def _model_of(key: str) -> str:
    """The model label of a preview key: ``app.Model`` or ``app.Model.field``."""
    return ".".join(key.split(".")[:2])


def _hidden_relations(schema: Schema, label: str) -> int:
    """Relations of ``label`` to models the user may not see."""
    if not schema.hidden_models:
        return 0
    full = get_schema()
    shown = len(schema.outgoing(label)) + len(schema.incoming(label))
    return len(full.outgoing(label)) + len(full.incoming(label)) - shown


def _changelist_url(request: HttpRequest, model: ModelNode) -> str | None:
    if not may_view(request, model.label):
        return None
    try:
        return reverse(
            f"admin:{model.app_label}_{model.model_name}_changelist",
            current_app=get_admin_site().name,
        )
    except NoReverseMatch:
        return None


def panel(request: HttpRequest, label: str) -> HttpResponse:
    schema = visible_schema(request)
    context = _panel_context(request, schema, label)
    if _htmx_target(request) is not None:
        return TemplateResponse(request, "erviz/_panel.html", {"panel": context})
    return TemplateResponse(
        request,
        "erviz/panel_page.html",
        {
            **page_context(request),
            "title": context["model"].name,
            "panel": context,
            "breadcrumbs": trail((context["model"].name, None)),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    schema = visible_schema(request)
    results = _search(schema, query) if query else []
    context = {"query": query, "results": results}
    if _htmx_target(request) is not None:
        return TemplateResponse(request, "erviz/_search_results.html", context)
    return TemplateResponse(
        request,
        "erviz/search.html",
        {
            **page_context(request),
            **context,
            "hidden_models": schema.hidden_models,
            "title": _("Search: %(query)s") % {"query": query}
            if query
            else _("Search"),
            "breadcrumbs": trail((_("Search"), None)),
        },
    )


def _search(schema: Schema, query: str) -> list[dict[str, str]]:
    """The search's matches, as the results list words and links them."""
    results = []
    for match in find_matches(schema, query, get_config()["SEARCH_LIMIT"]):
        if isinstance(match, App):
            count = len(match.models)
            results.append(
                {
                    "kind": "app",
                    "name": match.verbose_name,
                    "detail": _("app %(label)s") % {"label": match.label}
                    + " · "
                    + ngettext("%(count)d model", "%(count)d models", count)
                    % {"count": count},
                    "url": reverse("erviz:app", args=[match.label]),
                }
            )
        else:
            results.append(
                {
                    "kind": "model",
                    "name": match.name,
                    "detail": f"{match.label} · {match.db_table}",
                    "url": reverse("erviz:model", args=[match.label]),
                }
            )
    return results


@bad_request_page
def cascade_view(request: HttpRequest, label: str) -> HttpResponse:
    """What deleting one row of a model reaches: the tree and its picture."""
    schema = visible_schema(request)
    scope = page_scope(schema, "cascade", label, request.GET)
    plan = scope.cascade
    return _page(
        request,
        scope,
        template="erviz/cascade.html",
        extra={"plan": plan, "summary": plan_summary(plan, schema)},
    )


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
        add(_model_of(key), "updated", words)
    if not notes:
        return None
    return marked_picture(schema, notes, marks, preview.reached or {})


def marked_picture(
    schema: Schema,
    notes: dict[str, list[str]],
    marks: dict[str, str],
    reached: dict[str, int],
) -> Shown:
    """The models ``notes`` names, each outlined by its mark (a key of
    ``notation.MARKS``) with its notes under its name, and on each relation
    of ``reached`` (``app.Model.field``) between them the rows it reaches:
    the pictures of the delete preview and of the related rows."""
    options = diagram_options(
        "none",
        marks=tuple(
            (label, marks[label], " · ".join(texts))
            for label, texts in sorted(notes.items())
        ),
        edge_notes=tuple(
            (key, rows_text(count))
            for key, count in sorted(reached.items())
            if _model_of(key) in notes
        ),
    )
    return show_picture(schema, frozenset(notes), options)


def rows_text(count: int) -> str:
    """A row count in words, in the active language ("200,000 rows")."""
    return ngettext("%(count)s row", "%(count)s rows", count) % {
        "count": grouped(count)
    }


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
    return TemplateResponse(
        request,
        "erviz/delete_preview.html",
        {
            **page_context(request),
            "title": _("Preview: deleting %(model)s %(row)s")
            % {"model": node.name, "row": preview.names.get((node.label, row), row)},
            "node": node,
            "preview": preview,
            "deleted": deleted,
            "updated": [
                (
                    label_for(_model_of(key)) and key,
                    count,
                    None
                    if preview.updated_surviving is None
                    else count - preview.updated_surviving.get(key, count),
                )
                for key, count in sorted(preview.updated.items())
            ],
            "by_database": [
                (
                    label_for(_model_of(key)) and key,
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
