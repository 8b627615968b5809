"""The schema through time in the explorer: ``?at=APP.MIGRATION`` draws the
overview, an app or a model as that migration left the schema (the state
Django's migration files build, no database asked); "what changed since"
draws a model's neighbourhood with the relations added, removed and
changed since a migration; a cascade page compares its delete with the
delete at a migration."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ..render.json_export import schema_document
from ..review.delete_reach import ReachChange, reach_changes
from ..review.diff import Change, comparable, diff_documents
from ..schema import MigrationStateError, Schema, get_migration_names
from ..schema.cascade_plan import plan_cascade
from ..schema.select import neighbourhood, subschema
from ..site import render_page
from ..visibility import visible_schema
from .errors import bad_request_page
from .params import InvalidParameter, at_suffix, migration, parse
from .pictures import diagram_options, show_picture
from .scope import Scope, model_or_404, trail


def requested_at(request: HttpRequest) -> str | None:
    """The migration the query's ``at`` names, as given (None: the models as
    they are); :class:`InvalidParameter` where it cannot name one."""
    return migration(request.GET.get("at", "")) or None


def requested_schema(request: HttpRequest) -> Schema:
    """The user's schema at the migration the query's ``at`` names, or as
    the models are without one: a 400 for a migration ``migrate`` would
    refuse, with Django's reason."""
    return state_or_400(request, requested_at(request))


def state_or_400(request: HttpRequest, at: str | None) -> Schema:
    try:
        return visible_schema(request, at)
    except MigrationStateError as error:
        raise InvalidParameter(str(error)) from error


def state_context(request: HttpRequest, schema: Schema, scope: Scope) -> dict[str, Any]:
    """The picker of migrations and, for a migration state, the banner (a
    cascade page compares with the migration instead of drawing it): the
    apps offered are those the user sees a model of now."""
    # The page's own schema where it draws the models as they are.
    current = schema if schema.state.source == "models" else visible_schema(request)
    shown_apps = {app.label for app in current.apps if app.models}
    choices = [
        (app, [(f"{app}.{name}", name) for name in (*names, "zero")])
        for app, names in get_migration_names().items()
        if app in shown_apps
    ]
    if not choices:
        return {}
    compare = scope.kind == "cascade"
    chosen = scope.params.at
    resolved = schema.state.at[0] if schema.state.at else None
    query = request.GET.copy()
    query.pop("at", None)
    return {
        "compare": compare,
        "chosen": chosen,
        "resolved": resolved,
        "choices": choices,
        "kept": [
            (key, query[key])
            for key in ("depth", "direction", "fields", "level", "view")
            if key in query
        ],
        "current_url": "?" + query.urlencode() if query else request.path,
        "changes_url": reverse("erviz:changes", args=[scope.subject])
        + "?"
        + urlencode({"since": resolved})
        if resolved and scope.kind == "model"
        else None,
    }


@dataclass(frozen=True)
class RelationChange:
    """One relation of the picture that differs from the migration state."""

    relation: str
    #: "added", "removed" or "changed".
    kind: str
    #: What changed, in words (the on_delete before and after, the target).
    words: str


def _words(change: Change) -> str:
    if change.kind == "relation_changed":
        return f"{change.fact}: {change.before} → {change.after}"
    side = change.after if change.kind == "relation_added" else change.before
    return f"{side['kind']} → {side['target']}" + (
        f" ({side['on_delete']})" if side["on_delete"] else ""
    )


def _merged(old: Schema, new: Schema) -> Schema:
    """``new`` with what ``old`` had and ``new`` has not (models and
    relations removed since), so both can be drawn in one picture."""
    kept_models = {m.label for m in new.models}
    kept_relations = {r.id for r in new.relations}
    models = new.models + tuple(m for m in old.models if m.label not in kept_models)
    app_models: dict[str, list[str]] = {}
    for model in models:
        app_models.setdefault(model.app_label, []).append(model.label)
    apps = {app.label: app for app in (*old.apps, *new.apps)}
    return replace(
        new,
        apps=tuple(
            apps[label]._replace(models=tuple(sorted(app_models.get(label, ()))))
            for label in sorted(apps)
        ),
        models=tuple(sorted(models, key=lambda m: m.label)),
        relations=tuple(
            sorted(
                new.relations
                + tuple(r for r in old.relations if r.id not in kept_relations),
                key=lambda r: r.id,
            )
        ),
    )


@bad_request_page
def changes_view(request: HttpRequest, label: str) -> HttpResponse:
    """A model's neighbourhood now, with what changed since a migration:
    relations added, removed and changed (on_delete, target...) written on
    them, models added or removed outlined, and the list of changes."""
    since = migration(request.GET.get("since", ""))
    if not since:
        raise InvalidParameter(
            _("Name the migration to compare with: ?since=APP.MIGRATION.")
        )
    new = visible_schema(request)
    model = model_or_404(new, label)
    old = state_or_400(request, since)
    params = parse(request.GET, default_detail="keys")
    labels = neighbourhood(new, model.label, params.depth, params.direction)
    if old.find_model(model.label) is not None:
        labels |= neighbourhood(old, model.label, params.depth, params.direction)
    # Migrations record no generic relations: neither side has them.
    before, after, absent = comparable(
        schema_document(subschema(old, labels)), schema_document(subschema(new, labels))
    )
    diff = diff_documents(before, after)
    changes: list[RelationChange] = []
    notes: list[tuple[str, str]] = []
    # Each kind of change, as the page's list names it and as the picture
    # writes it (in the reader's language).
    said = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    kinds = {
        "relation_added": "added",
        "relation_removed": "removed",
        "relation_changed": "changed",
    }
    for change in diff.changes:
        if change.kind not in kinds:
            continue
        kind, words = kinds[change.kind], _words(change)
        changes.append(RelationChange(change.subject, kind, words))
        notes.append(
            (change.subject, said[kind] + (f": {words}" if kind == "changed" else ""))
        )
    outlined = {"model_added": "added", "model_removed": "removed"}
    marks = tuple(
        (c.subject, outlined[c.kind], said[outlined[c.kind]])
        for c in diff.changes
        if c.kind in outlined
    )
    merged = _merged(subschema(old, labels), new)
    gone = tuple(sorted(c.relation for c in changes if c.kind == "removed"))
    options = replace(
        diagram_options(params.detail, marks=marks, edge_notes=tuple(notes)),
        gone=gone,
    )
    shown = show_picture(merged, labels, options, model.label)
    resolved = old.state.at[0]
    return render_page(
        request,
        "erviz/changes.html",
        _("%(model)s: what changed since %(migration)s")
        % {"model": model.name, "migration": resolved},
        {
            "model": model,
            "since": resolved,
            "changes": changes,
            "absent": bool(absent),
            "shown": shown,
            "params": params,
            "level": "models",
            "subject": model.label,
            "at_url": reverse("erviz:model", args=[model.label]) + at_suffix(since),
            "breadcrumbs": trail(
                (model.name, reverse("erviz:model", args=[model.label])),
                (_("Changes since %(migration)s") % {"migration": resolved}, None),
            ),
        },
    )


def reach_since(
    request: HttpRequest, new: Schema, label: str, at: str
) -> tuple[str, ReachChange | None]:
    """How deleting a row of ``label`` differs from the delete at migration
    ``at``: the migration as resolved, and the change (None: the same).
    Only the models either delete reaches are compared, which is all the
    reach of ``label`` depends on."""
    old = state_or_400(request, at)
    reached = set(plan_cascade(new, label).reached)
    if old.find_model(label) is not None:
        reached |= plan_cascade(old, label).reached
    # Migrations record no generic relations: neither side has them.
    before, after, _absent = comparable(
        schema_document(subschema(old, reached)),
        schema_document(subschema(new, reached)),
    )
    found = reach_changes(before, after)
    change = next((c for c, _, _ in found if c.model == label), None)
    return old.state.at[0], change
