"""A cascade plan as an indented terminal tree and as JSON."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .cascade_plan import CascadeNode, CascadePlan
from .explain import a_or_an
from .model import Schema

_WORDS = {
    "root": gettext_lazy("deleted"),
    "deleted": gettext_lazy("deleted (CASCADE)"),
    "deleted_by_database": gettext_lazy("deleted by the database (DB_CASCADE)"),
    "updated": gettext_lazy("updated"),
    "updated_by_database": gettext_lazy("updated by the database"),
    "protected": gettext_lazy("BLOCKS the delete (PROTECT)"),
    "restricted": gettext_lazy("BLOCKS the delete (RESTRICT)"),
    "dangling": gettext_lazy("left pointing at nothing (DO_NOTHING)"),
    "custom": gettext_lazy("handled by a custom on_delete"),
    "parent": gettext_lazy("parent row deleted too (multi-table inheritance)"),
    "links": gettext_lazy("link rows deleted (many-to-many)"),
}


def describe(node: CascadeNode) -> str:
    """What happens to the node's rows, in words (the active language's)."""
    relation = node.relation
    words = str(_WORDS[node.effect])
    if node.effect == "updated" and relation is not None:
        words = _("updated (%(action)s: %(field)s)") % {
            "action": relation.on_delete,
            "field": relation.field,
        }
    if node.effect == "restricted" and node.allowed:
        words = _("restricted, but deleted through another CASCADE path: allowed")
    if node.cycle:
        words += _(", cycle: rows of the same model, followed to any depth")
    if node.seen:
        words += _(", see above")
    return words


def tree_lines(plan: CascadePlan, schema: Schema) -> list[str]:
    lines = [f"{plan.root.model}: {describe(plan.root)}"]
    _lines(plan.root, "", lines)
    lines.append(plan_summary(plan, schema))
    return lines


def _lines(node: CascadeNode, indent: str, lines: list[str]) -> None:
    for index, child in enumerate(node.children):
        last = index == len(node.children) - 1
        via = f" via {child.relation.id}" if child.relation else ""
        lines.append(
            f"{indent}{'└─ ' if last else '├─ '}{child.model}{via}: {describe(child)}"
        )
        _lines(child, indent + ("   " if last else "│  "), lines)


def plan_document(plan: CascadePlan, schema: Schema) -> dict[str, Any]:
    return {
        "model": plan.root.model,
        "summary": plan_summary(plan, schema),
        "reached": sorted(plan.reached),
        "apps": sorted(plan.apps),
        "blockers": sorted({n.relation.id for n in plan.blockers if n.relation}),
        "tree": _node_document(plan.root),
    }


def _node_document(node: CascadeNode) -> dict[str, Any]:
    return {
        "model": node.model,
        "effect": node.effect,
        "relation": node.relation.id if node.relation else None,
        "on_delete": node.relation.on_delete if node.relation else None,
        "cycle": node.cycle,
        "seen": node.seen,
        "allowed": node.allowed,
        "children": [_node_document(child) for child in node.children],
    }


def plan_summary(plan: CascadePlan, schema: Schema) -> str:
    """The plan in one sentence: how far a delete reaches, what may block it."""
    name = schema.models_by_label[plan.root.model].name
    others = len(plan.reached - {plan.root.model})
    apps = len(plan.apps)
    blockers = len({n.relation.id for n in plan.blockers if n.relation})
    return _(
        "Deleting %(a_model)s reaches %(models)s in %(apps)s; %(blockers)s can "
        "block it."
    ) % {
        "a_model": a_or_an(name),
        "models": ngettext("%d model", "%d models", others) % others,
        "apps": ngettext("%d app", "%d apps", apps) % apps,
        "blockers": ngettext("%d relation", "%d relations", blockers) % blockers,
    }
