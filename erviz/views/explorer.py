"""The explorer's pages: overview, app, model, panel and search."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..access import may_view
from ..conf import get_config
from ..picture_cache import cached_paths, picture_is_cached
from ..render import REGISTRY
from ..schema import App, ModelNode, Schema, get_schema, get_schema_at
from ..schema.cascade_report import plan_summary
from ..schema.explain import guide
from ..schema.model_names import NameMatch, match_model
from ..schema.named_views import configured_views
from ..schema.paths import MAX_HOPS_CEILING
from ..schema.select import find_matches
from ..site import get_admin_site, page_context, render_page
from ..visibility import visible_schema
from .errors import bad_request_page
from .history import (
    reach_since,
    requested_at,
    requested_schema,
    state_context,
    state_or_400,
)
from .params import InvalidParameter, at_suffix, whole_number
from .pictures import diagram_options, show_answer, show_picture
from .scope import Scope, model_or_404, page_scope, trail


def _htmx_target(request: HttpRequest) -> str | None:
    """The element an htmx request swaps (headers, so the django-htmx
    middleware is optional)."""
    if request.headers.get("HX-Request") != "true":
        return None
    return request.headers.get("HX-Target") or ""


def _page(
    request: HttpRequest,
    schema: Schema,
    scope: Scope,
    *,
    controls: bool = False,
    template: str = "erviz/explorer.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    at = scope.params.at if scope.kind != "cascade" else None
    options = diagram_options(
        scope.params.detail, scope.level, scope.marks, at=at, left_out=scope.left_out
    )
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
        "subject": subject,
        "hidden_models": schema.hidden_models,
        "relation_panel": _relation_context(schema, scope.params.relation)
        if scope.params.relation
        else None,
        "panel": _panel_context(request, schema, scope.params.panel, at)
        if scope.params.panel and not scope.params.relation
        else None,
        "at_suffix": at_suffix(at),
        "state": state_context(request, schema, scope),
        **(extra or {}),
    }
    if fragment:
        return TemplateResponse(request, "erviz/_diagram.html", context)
    return TemplateResponse(request, template, context)


@bad_request_page
def overview(request: HttpRequest) -> HttpResponse:
    schema = requested_schema(request)
    scope = page_scope(schema, "overview", "", request.GET)
    views = [
        {
            "name": view.name,
            "title": view.title,
            "url": "?" + urlencode({"view": view.name}),
            "current": view.name == scope.params.view,
        }
        for view in configured_views().values()
    ]
    return _page(request, schema, scope, extra={"views": views})


@bad_request_page
def app_view(request: HttpRequest, app_label: str) -> HttpResponse:
    schema = requested_schema(request)
    return _page(request, schema, page_scope(schema, "app", app_label, request.GET))


@bad_request_page
def model_view(request: HttpRequest, label: str) -> HttpResponse:
    schema = requested_schema(request)
    scope = page_scope(schema, "model", label, request.GET)
    if scope.params.panel is None:
        scope = replace(scope, params=replace(scope.params, panel=scope.subject))
    return _page(request, schema, scope, controls=True)


def _panel_context(
    request: HttpRequest, schema: Schema, label: str, at: str | None = None
) -> dict[str, Any]:
    model = model_or_404(schema, label)
    return {
        "model": model,
        "fields": model.fields,
        "notes": schema.notes_on(model.label),
        "hidden_relations": _hidden_relations(schema, model.label, at),
        "outgoing": [guide(schema, r) for r in schema.outgoing(model.label)],
        "incoming": [guide(schema, r) for r in schema.incoming(model.label)],
        "changelist": _changelist_url(request, model),
        "model_url": reverse("erviz:model", args=[model.label]) + at_suffix(at),
        "cascade_url": reverse("erviz:cascade", args=[model.label]) + at_suffix(at),
        "at_suffix": at_suffix(at),
    }


def _relation_context(schema: Schema, relation_id: str) -> dict[str, Any]:
    """One relation, both ends: what the panel of a clicked edge shows."""
    relation = schema.relations_by_id.get(relation_id)
    if relation is None:
        raise Http404(f"No relation {relation_id[:100]!r} in this project.")
    return {"relation": relation, "guide": guide(schema, relation)}


@bad_request_page
def relation_panel(request: HttpRequest, label: str, field: str) -> HttpResponse:
    """The panel of one relation (an edge clicked or focused)."""
    at = requested_at(request)
    schema = state_or_400(request, at)
    model = model_or_404(schema, label)
    context = _relation_context(schema, f"{model.label}.{field}")
    context["at_suffix"] = at_suffix(at)
    if _htmx_target(request) is not None:
        return TemplateResponse(
            request, "erviz/_relation_panel.html", {"relation_panel": context}
        )
    return render_page(
        request,
        "erviz/panel_page.html",
        f"{model.name}.{field}",
        {
            "relation_panel": context,
            "breadcrumbs": trail(
                (model.name, reverse("erviz:model", args=[model.label])),
                (field, None),
            ),
        },
    )


@bad_request_page
def path_view(request: HttpRequest, label: str, to: str | None = None) -> HttpResponse:
    """How to get from one model to another: the lookup paths, the chosen
    one (``?path=N``, the shortest first) drawn and spelled out."""
    schema = visible_schema(request)
    start = model_or_404(schema, label)
    typed = (request.GET.get("to", "") if to is None else to).strip()[:200]
    if not typed:
        raise InvalidParameter(_("Name the model to go to, for example Customer."))
    max_hops = whole_number(
        "max_hops", request.GET.get("max_hops", "4"), MAX_HOPS_CEILING
    )
    match = match_model(schema, typed)
    if match.model is None:
        return _path_choices(request, start, typed, match, max_hops)
    end = match.model
    if end.label == start.label:
        raise InvalidParameter(_("Choose another model than the one you start from."))
    # The search gets a third of a picture's budget, the picture its own.
    budget = get_config()["PICTURE_TIME_BUDGET"]
    deadline = None if budget is None else time.monotonic() + budget / 3
    search = cached_paths(schema, start.label, end.label, max_hops, 5, deadline)
    paths = search.paths
    chosen = whole_number("path", request.GET.get("path", "1"), max(len(paths), 1)) - 1
    picture = None
    if paths:
        on_path = [start.label, *(hop.end for hop in paths[chosen].hops)]
        marks = tuple(
            (
                model,
                "endpoint" if model in (start.label, end.label) else "on_path",
                _("from here") if model == start.label
                else _("to here") if model == end.label
                else _("on the way"),
            )
            for model in on_path
        )  # fmt: skip
        # The path's relations carry their step and lookup ("1 product").
        steps = tuple(
            (hop.relation.id, f"{number} {hop.lookup}")
            for number, hop in enumerate(paths[chosen].hops, 1)
        )
        options = diagram_options("keys", marks=marks, edge_notes=steps, answer=True)
        picture = show_answer(schema, frozenset(on_path), options, start.label)
    query = {"to": end.label, "max_hops": max_hops}
    return render_page(
        request,
        "erviz/path.html",
        _("From %(start)s to %(end)s") % {"start": start.name, "end": end.name},
        {
            "start": start,
            "end": end,
            "max_hops": max_hops,
            "paths": [
                {
                    "path": path,
                    "number": number,
                    "chosen": number == chosen + 1,
                    "url": "?" + urlencode({**query, "path": number}),
                    "attribute": path.attribute(start.model_name),
                    "steps": " → ".join(hop.lookup for hop in path.hops),
                }
                for number, path in enumerate(paths, 1)
            ],
            "picture": picture,
            "complete": search.complete,
            "breadcrumbs": trail(
                (start.name, reverse("erviz:model", args=[start.label])),
                (end.name, None),
            ),
        },
    )


def _path_choices(
    request: HttpRequest,
    start: ModelNode,
    typed: str,
    match: NameMatch,
    max_hops: int,
) -> HttpResponse:
    """The models a typed name may mean (several fit), or the closest names
    (none does: a 404, with the page to try again)."""
    offered = match.choices or match.suggestions
    return render_page(
        request,
        "erviz/path_choice.html",
        _("From %(start)s to …") % {"start": start.name},
        {
            "start": start,
            "typed": typed,
            "ambiguous": bool(match.choices),
            "offered": [
                (
                    model,
                    reverse("erviz:path", args=[start.label])
                    + "?"
                    + urlencode({"to": model.label, "max_hops": max_hops}),
                )
                for model in offered
                if model.label != start.label
            ],
            "breadcrumbs": trail(
                (start.name, reverse("erviz:model", args=[start.label])),
                (_("Find a path"), None),
            ),
        },
        status=200 if match.choices else 404,
    )


def _hidden_relations(schema: Schema, label: str, at: str | None) -> int:
    """Relations of ``label`` to models the user may not see."""
    if not schema.hidden_models:
        return 0
    full = get_schema() if at is None else get_schema_at(at)
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


@bad_request_page
def panel(request: HttpRequest, label: str) -> HttpResponse:
    at = requested_at(request)
    schema = state_or_400(request, at)
    context = _panel_context(request, schema, label, at)
    if _htmx_target(request) is not None:
        return TemplateResponse(request, "erviz/_panel.html", {"panel": context})
    return render_page(
        request,
        "erviz/panel_page.html",
        context["model"].name,
        {
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
    return render_page(
        request,
        "erviz/search.html",
        _("Search: %(query)s") % {"query": query} if query else _("Search"),
        {
            **context,
            "hidden_models": schema.hidden_models,
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
    extra: dict[str, Any] = {"plan": plan, "summary": plan_summary(plan, schema)}
    if scope.params.at:
        # ?at= compares this delete with the delete at that migration.
        since, change = reach_since(request, schema, scope.subject, scope.params.at)
        extra["compared"] = {"since": since, "change": change}
    return _page(request, schema, scope, template="erviz/cascade.html", extra=extra)
