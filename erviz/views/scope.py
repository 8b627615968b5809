"""What one page shows, worked out once for the page and for its downloads.

A page is the overview, an app, a model's neighbourhood or a model's delete
cascade. Its scope is the models it draws, at which level, with the page's
title and breadcrumbs, the query that names the scope in a download URL and
the download's file name. The page views and the export view read the same
scope, so a download is exactly what its page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import get_config
from ..render.options import LEVELS, Detail, Level
from ..render.scene import readable_level
from ..row_urls import pk_from_url
from ..rows.lookup import NoSuchRow, find_row
from ..schema import ModelNode, Schema, get_schema
from ..schema.cascade_plan import CascadePlan, plan_cascade
from ..schema.named_views import UnknownView, excluded, expand, view_named
from ..schema.select import SelectionError, neighbourhood, select
from .params import InvalidParameter, ViewParams, parse

Kind = Literal["overview", "app", "model", "cascade"]
#: The query parameter that names a scope in a download URL, by kind.
QUERY_KEYS: dict[Kind, str] = {"app": "app", "model": "model", "cascade": "cascade"}
#: How much of each model's field list a page shows unless asked.
DEFAULT_DETAIL: dict[Kind, Detail] = {
    "overview": "keys",
    "app": "keys",
    "model": "all",
    "cascade": "keys",
}
Breadcrumbs = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Scope:
    kind: Kind
    labels: frozenset[str]
    level: Level
    params: ViewParams
    title: str
    breadcrumbs: Breadcrumbs
    #: The app label or model label the page is about ("" for the overview).
    subject: str
    #: The cascade plan, for a cascade page.
    plan: CascadePlan | None = None
    #: Models outlined by what the page's delete does to them (DiagramOptions).
    marks: tuple[tuple[str, str, str], ...] = ()
    #: Models never drawn, not even as a relation's other end (a view's
    #: exclusions, DiagramOptions.left_out).
    left_out: frozenset[str] = frozenset()

    @property
    def cascade(self) -> CascadePlan:
        """The cascade plan of a cascade page."""
        if self.plan is None:
            raise ValueError(f"A {self.kind} page shows no cascade.")
        return self.plan

    @property
    def download_query(self) -> str:
        """The query string that gives this scope to the export view."""
        named = {QUERY_KEYS[self.kind]: self.subject} if self.kind in QUERY_KEYS else {}
        return self.params.query(panel=None, relation=None, **named, level=self.level)

    @property
    def filename(self) -> str:
        """The download's file name, without its extension."""
        if self.kind == "overview":
            return f"erviz-{self.params.view or self.level}"
        if self.kind == "cascade":
            return f"erviz-{self.subject}-cascade"
        return f"erviz-{self.subject}"


def trail(*crumbs: tuple[str, str | None]) -> Breadcrumbs:
    """Breadcrumbs from the ER diagram's overview down to ``crumbs``."""
    return ((_("ER diagram"), reverse("erviz:overview")), *crumbs)


def page_scope(schema: Schema, kind: Kind, subject: str, query: QueryDict) -> Scope:
    """The scope of the page of ``kind`` about ``subject``, read from its
    query string: 404 for no such app or model, 403 for a hidden one, and
    :class:`InvalidParameter` for an unusable parameter."""
    params = parse(query, default_detail=DEFAULT_DETAIL[kind])
    if kind == "overview":
        return _overview(schema, params, query)
    level = _level(query, default="models")
    if kind == "app":
        return _app(schema, subject, params, level)
    model = model_or_404(schema, subject)
    if kind == "model":
        return Scope(
            kind=kind,
            labels=neighbourhood(schema, model.label, params.depth, params.direction),
            level=level,
            params=params,
            title=_("%(model)s and its neighbours") % {"model": model.name},
            breadcrumbs=trail(
                (model.app_label, reverse("erviz:app", args=[model.app_label])),
                (model.name, None),
            ),
            subject=model.label,
        )
    plan = plan_cascade(schema, model.label)
    return Scope(
        kind=kind,
        labels=plan.reached,
        level=level,
        params=params,
        title=_("What deleting %(model)s rows does") % {"model": model.name},
        breadcrumbs=trail(
            (model.name, reverse("erviz:model", args=[model.label])),
            (_("Delete cascade"), None),
        ),
        subject=model.label,
        plan=plan,
        marks=plan_marks(plan),
    )


def plan_marks(plan: CascadePlan) -> tuple[tuple[str, str, str], ...]:
    """What a delete does to each model it reaches, as the picture marks it:
    the root, deleted, updated, or blocking (the strongest wins)."""
    strength = {"updated": 0, "deleted": 1, "root": 2, "blocking": 3}
    words = {
        "root": _("the row you delete"),
        "deleted": _("rows deleted"),
        "updated": _("rows updated"),
        "blocking": _("rows block the delete"),
    }
    marks: dict[str, str] = {}
    blockers = {id(node) for node in plan.blockers}
    for node in plan.nodes:
        if id(node) in blockers:
            mark = "blocking"
        elif node.effect == "root":
            mark = "root"
        elif node.effect in ("deleted", "parent", "links", "deleted_by_database"):
            mark = "deleted"
        elif node.effect in ("updated", "updated_by_database"):
            mark = "updated"
        else:
            continue
        if node.model not in marks or strength[mark] > strength[marks[node.model]]:
            marks[node.model] = mark
    return tuple((label, mark, words[mark]) for label, mark in sorted(marks.items()))


def download_scope(schema: Schema, query: QueryDict) -> Scope:
    """The scope a download URL names (see :attr:`Scope.download_query`)."""
    for kind in ("cascade", "model", "app"):
        subject = query.get(QUERY_KEYS[kind])
        if subject:
            return page_scope(schema, kind, subject, query)
    return page_scope(schema, "overview", "", query)


def row_or_404(model: type[models.Model], pk: str, using: str) -> Any:
    """The primary key of the ``model`` row whose URL holds ``pk``
    (escaped: :mod:`erviz.row_urls`) on ``using``; 404 for no such row (or
    a pk the column cannot hold)."""
    try:
        return find_row(model, pk_from_url(pk, model), using)
    except NoSuchRow as error:
        raise Http404(f"No {model._meta.label} with pk {pk[:50]!r}.") from error


def model_or_404(schema: Schema, label: str) -> ModelNode:
    """The model ``label`` of the user's schema; 403 for one of the project's
    models the user may not see (as the admin answers), 404 for no model."""
    model = schema.find_model(label)
    if model is not None and not model.auto_created:
        return model
    if schema.hidden_models:
        hidden = get_schema().find_model(label)
        if hidden is not None and not hidden.auto_created:
            raise PermissionDenied
    raise Http404(f"No model {label[:100]!r} in this project.")


def _overview(schema: Schema, params: ViewParams, query: QueryDict) -> Scope:
    """The whole project's picture, or one named view's (``?view=``): its
    models, as the user may see them, and its exclusions never drawn."""
    left_out: frozenset[str] = frozenset()
    if params.view:
        try:
            view = view_named(params.view)
        except UnknownView as error:
            raise Http404(str(error)) from error
        labels = expand(schema, view)
        left_out = excluded(schema, view)
        title = view.title
        breadcrumbs = trail((view.title, None))
    else:
        labels = select(schema)
        models, apps = len(schema.project_models), len(schema.project_apps)
        title = _("ER diagram: %(models)s in %(apps)s") % {
            "models": ngettext("%d model", "%d models", models) % models,
            "apps": ngettext("%d app", "%d apps", apps) % apps,
        }
        breadcrumbs = ((_("ER diagram"), None),)
    limit = get_config()["OVERVIEW_MAX_MODELS"]
    return Scope(
        kind="overview",
        labels=labels,
        level=_level(query, default=readable_level(schema, labels, limit)),
        params=params,
        title=title,
        breadcrumbs=breadcrumbs,
        subject="",
        left_out=left_out,
    )


def _app(schema: Schema, app_label: str, params: ViewParams, level: Level) -> Scope:
    try:
        labels = select(schema, app_labels=[app_label])
    except SelectionError as error:
        raise Http404(str(error)) from error
    app = schema.apps_by_label[app_label]
    if not app.models and get_schema().apps_by_label[app_label].models:
        raise PermissionDenied  # every model of the app is hidden from the user
    return Scope(
        kind="app",
        labels=labels,
        level=level,
        params=params,
        title=f"{app.verbose_name} ({app.label})",
        breadcrumbs=trail((app.label, None)),
        subject=app.label,
    )


def _level(query: QueryDict, default: Level) -> Level:
    level = query.get("level", default)
    for known in LEVELS:
        if level == known:
            return known
    raise InvalidParameter(
        _("level must be apps or models, not %(value)s.") % {"value": repr(level[:20])}
    )
