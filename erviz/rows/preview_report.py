"""A row's delete preview as the command line prints it."""

from __future__ import annotations

from ..on_delete import by_effect
from .row_preview import PartialReason, RowPreview, Walk


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
        (by_effect("protected").name, preview.protected, preview.protected_by_model),
        (
            by_effect("restricted").name,
            preview.restricted,
            preview.restricted_by_model,
        ),
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
    if preview.partial_reason is PartialReason.PROTECTED:
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
    elif preview.walk is Walk.KEYS:
        lines.append(f"  (counted by walking primary keys: {preview.walk_reason})")
    return lines
