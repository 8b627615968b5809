"""A cascade plan as an indented terminal tree and as JSON."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..explain import a_or_an
from ..on_delete import PROTECT, RESTRICT
from ..schema.model import Schema
from .count import RowPreview
from .plan import CascadeNode, CascadePlan

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


def preview_lines(preview: RowPreview, title: str) -> list[str]:
    """A row's delete preview for the terminal."""
    lines = [
        f"Deleting {preview.model} {preview.pk} ({title}), counted on the "
        f'database "{preview.database}":'
    ]
    for verb, counts in (
        ("deleted", preview.deleted),
        ("updated", preview.updated),
        ("deleted by the database", preview.deleted_by_database),
        ("updated by the database", preview.updated_by_database),
    ):
        lines += [
            f"  {count:>9}  {verb}: {name}" for name, count in sorted(counts.items())
        ]
    for action, blockers, counts in (
        (PROTECT.name, preview.protected, preview.protected_by_model),
        (RESTRICT.name, preview.restricted, preview.restricted_by_model),
    ):
        by_model: dict[str, list[str]] = {}
        for name, pk in blockers:
            by_model.setdefault(name, []).append(str(pk))
        for name, count in sorted(counts.items()):
            pks = by_model.get(name, [])
            shown = ", ".join(pks[:10]) + (", ..." if count > 10 else "")
            lines.append(f"  BLOCKED by {count} {name} row(s) ({action}): pk {shown}")
    for name, count in sorted((preview.updated_surviving or {}).items()):
        anyway = preview.updated.get(name, count) - count
        if anyway:
            lines.append(f"  {anyway:>9}  of the updated {name} are deleted as well")
    for name, count in sorted(preview.undecided.items()):
        lines.append(
            f"  {count:>9}  restricted, not yet decided: {name} (the answer is partial)"
        )
    if preview.partial_reason == "protected":
        lines.append(
            "  PARTIAL: Django's Collector stops under a protected row; "
            "counts are lower bounds."
        )
    elif preview.partial:
        lines.append("  PARTIAL: the time budget ran out; counts are lower bounds.")
    for name, paths in sorted(preview.signals.items()):
        lines.append(f"  signals: {name}: {', '.join(paths)}")
    fast = sorted(name for name, answer in preview.fast_delete.items() if answer)
    if fast:
        lines.append(f"  deleted without loading a row: {', '.join(fast)}")
    for name, paths in sorted(preview.signals_not_sent.items()):
        lines.append(
            f"  NOT CALLED (the database deletes these rows): {name}: "
            + ", ".join(paths)
        )
    if preview.collector:
        lines.append("  (a custom on_delete: counted by Django's Collector)")
    elif preview.walk == "keys":
        lines.append(f"  (counted by walking primary keys: {preview.walk_reason})")
    return lines


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
