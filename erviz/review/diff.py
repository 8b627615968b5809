"""What changed between two schema exports.

Models keep their identity by label and relations by ``(source, field)``, so
a renamed field is a relation removed and another added (the report says
so). Each change is listed once, with the tags ``--fail-on`` chooses from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..on_delete import ACTIONS
from .delete_reach import Reach, ReachChange, reach_changes

#: Relation facts a review cares about, in the order they are reported.
RELATION_FACTS = (
    "target",
    "kind",
    "on_delete",
    "null",
    "reverse_accessor",
    "through",
    "db_constraint",
)
#: on_delete actions that delete the referencing rows.
_DELETING = frozenset(name for name, action in ACTIONS.items() if action.deletes)
#: What ``--fail-on`` accepts, and what each means.
FAIL_ON = {
    "any": "any change",
    "removed": "a model or relation removed",
    "added": "a model or relation added",
    "changed": "a relation fact or a table name changed",
    "on_delete-weakened": (
        "an on_delete that kept rows or refused the delete (PROTECT, RESTRICT, "
        "SET_NULL, SET_DEFAULT, SET, DO_NOTHING) now deletes them (CASCADE)"
    ),
    "delete-reach": (
        "deleting a row of a model now deletes rows of a model it did not, or "
        "a PROTECT or RESTRICT relation that refused it is gone"
    ),
}


@dataclass(frozen=True)
class Change:
    #: model_added, model_removed, table_renamed, relation_added,
    #: relation_removed or relation_changed.
    kind: str
    #: A model label, or a relation id (``app.Model.field``).
    subject: str
    #: For relation_changed and table_renamed: which fact.
    fact: str | None = None
    before: Any = None
    after: Any = None
    #: The --fail-on names this change matches (besides "any").
    tags: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "delete_reach":
            return str(self.after)
        if self.kind == "model_added":
            return f"model {self.subject} added (table {self.after})"
        if self.kind == "model_removed":
            return f"model {self.subject} removed (table {self.before})"
        if self.kind == "table_renamed":
            return f"model {self.subject}: table {self.before} → {self.after}"
        if self.kind == "relation_added":
            return f"relation {self.subject} added: {_relation_words(self.after)}"
        if self.kind == "relation_removed":
            return f"relation {self.subject} removed: {_relation_words(self.before)}"
        return f"relation {self.subject}: {self.fact} {self.before!r} → {self.after!r}"

    def document(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "fact": self.fact,
            "before": self.before,
            "after": self.after,
            "tags": list(self.tags),
        }


def _relation_words(relation: dict[str, Any]) -> str:
    on_delete = f", on_delete={relation['on_delete']}" if relation["on_delete"] else ""
    return f"{relation['kind']} to {relation['target']}{on_delete}"


@dataclass(frozen=True)
class SchemaDiff:
    changes: tuple[Change, ...]
    #: The models (in both exports) whose delete reaches other models now
    #: (``erviz.review.delete_reach``)...
    delete_reach: tuple[ReachChange, ...] = ()
    #: ...and each difference in a sentence, as a finding of kind
    #: "delete_reach" on the relation that causes it (not a schema change:
    #: a consequence of some).
    reach_notes: tuple[Change, ...] = ()

    @property
    def findings(self) -> tuple[Change, ...]:
        """The schema changes, then what they change in deletes."""
        return self.changes + self.reach_notes

    def matching(self, fail_on: list[str]) -> list[Change]:
        """The changes and reach notes that any of the ``--fail-on`` names
        select ("any": every schema change)."""
        return [
            change
            for change in self.findings
            if any(
                (name == "any" and change.kind != "delete_reach") or name in change.tags
                for name in fail_on
            )
        ]

    def possible_renames(self) -> list[tuple[str, str]]:
        """Relations removed and added on the same model, to the same target
        and of the same kind: perhaps one field renamed."""
        removed = [c for c in self.changes if c.kind == "relation_removed"]
        added = [c for c in self.changes if c.kind == "relation_added"]
        return [
            (old.subject, new.subject)
            for old in removed
            for new in added
            if (old.before["source"], old.before["target"], old.before["kind"])
            == (new.after["source"], new.after["target"], new.after["kind"])
        ]

    @property
    def touched_models(self) -> frozenset[str]:
        """Models a change is about: added or renamed ones, and both ends of
        every relation added, removed or changed."""
        touched: set[str] = set()
        for change in self.changes:
            if change.kind.startswith("model") or change.kind == "table_renamed":
                touched.add(change.subject)
            for side in (change.before, change.after):
                if isinstance(side, dict):
                    touched.update(t for t in (side["source"], side["target"]) if t)
            if change.kind == "relation_changed":
                touched.add(change.subject.rsplit(".", 1)[0])
                if change.fact == "target":
                    touched.update(t for t in (change.before, change.after) if t)
        return frozenset(touched)


def comparable(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]:
    """Two documents a diff can compare: where one side is a migration
    state, which records no generic relations, neither side has them, so
    that they are not reported as added or removed; and the relation kinds
    left out."""
    absent: set[str] = set()
    for document in (before, after):
        absent.update((document.get("state") or {}).get("absent") or ())
    if not absent:
        return before, after, ()

    def kept(document: dict[str, Any]) -> dict[str, Any]:
        relations = [r for r in document["relations"] if r.get("kind") not in absent]
        return {**document, "relations": relations}

    return kept(before), kept(after), tuple(sorted(absent))


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> SchemaDiff:
    old_models = {m["label"]: m for m in old["models"]}
    new_models = {m["label"]: m for m in new["models"]}
    changes: list[Change] = []
    for label in sorted(old_models.keys() - new_models.keys()):
        table = old_models[label]["db_table"]
        changes.append(Change("model_removed", label, before=table, tags=("removed",)))
    for label in sorted(new_models.keys() - old_models.keys()):
        table = new_models[label]["db_table"]
        changes.append(Change("model_added", label, after=table, tags=("added",)))
    for label in sorted(old_models.keys() & new_models.keys()):
        before, after = old_models[label]["db_table"], new_models[label]["db_table"]
        if before != after:
            changes.append(
                Change("table_renamed", label, "db_table", before, after, ("changed",))
            )
    old_relations = {_relation_key(r): r for r in old["relations"]}
    new_relations = {_relation_key(r): r for r in new["relations"]}
    for key in sorted(old_relations.keys() - new_relations.keys()):
        removed = _facts(old_relations[key])
        changes.append(
            Change("relation_removed", ".".join(key), before=removed, tags=("removed",))
        )
    for key in sorted(new_relations.keys() - old_relations.keys()):
        added = _facts(new_relations[key])
        changes.append(
            Change("relation_added", ".".join(key), after=added, tags=("added",))
        )
    for key in sorted(old_relations.keys() & new_relations.keys()):
        before, after = old_relations[key], new_relations[key]
        for fact in RELATION_FACTS:
            if before.get(fact) != after.get(fact):
                tags = ["changed"]
                if fact == "on_delete" and _weakened(before[fact], after[fact]):
                    tags.append("on_delete-weakened")
                changes.append(
                    Change(
                        "relation_changed",
                        ".".join(key),
                        fact,
                        before.get(fact),
                        after.get(fact),
                        tuple(tags),
                    )
                )
    reach = reach_changes(old, new)
    ids = (
        {r["id"]: r for r in old["relations"]},
        {r["id"]: r for r in new["relations"]},
    )
    notes = [_reach_note(change, was, now, ids) for change, was, now in reach]
    return SchemaDiff(
        tuple(changes), tuple(change for change, _, _ in reach), tuple(notes)
    )


#: The most models or relations one sentence names (then "and N more").
NAMED = 8


def _reach_note(
    change: ReachChange,
    was: Reach,
    now: Reach,
    ids: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]],
) -> Change:
    """One sentence per model on what its delete reaches now, naming the
    relation that causes each difference, as a finding on the first such
    relation; tagged "delete-reach" where the delete reaches a model it did
    not, or is no longer refused by a PROTECT or RESTRICT."""

    def action(relation_id: str, new: bool) -> str:
        relation = ids[new].get(relation_id, {})
        return str(relation.get("on_delete") or relation.get("kind") or "")

    def through(labels: tuple[str, ...], causes: dict[str, str], new: bool) -> str:
        named = [
            f"{label} (through {causes[label]}, {action(causes[label], new)})"
            for label in labels[:NAMED]
        ]
        return ", ".join(named) + (
            f" and {len(labels) - NAMED} more" if len(labels) > NAMED else ""
        )

    def relations(found: tuple[str, ...], new: bool) -> str:
        named = [f"{r} ({action(r, new)})" for r in found[:NAMED]]
        more = len(found) - NAMED
        return ", ".join(named) + (f" and {more} more" if more > 0 else "")

    # (words, models and their causes, or relation ids; read in the new
    # export): the differences, the ones that make a delete reach more first.
    said: list[tuple[str, tuple[str, ...], dict[str, str] | None, bool]] = [
        ("now also deletes ", change.deletes_added, now.deletes, True),
        ("is no longer refused by ", change.blockers_removed, None, False),
        ("no longer deletes ", change.deletes_removed, was.deletes, False),
        ("now also updates ", change.updates_added, now.updates, True),
        ("no longer updates ", change.updates_removed, was.updates, False),
        ("is now refused by ", change.blockers_added, None, True),
    ]
    parts, causes = [], []
    for words, found, brought_by, new in said:
        if not found:
            continue
        if brought_by is None:  # relation ids: the blockers themselves
            parts.append(words + relations(found, new))
            causes.append(found[0])
        else:
            parts.append(words + through(found, brought_by, new))
            causes.append(brought_by[found[0]])
    grows = bool(change.deletes_added or change.blockers_removed)
    text = f"Deleting a {change.model} " + "; ".join(parts)
    tags = ("delete-reach",) if grows else ()
    return Change("delete_reach", causes[0], change.model, None, text, tags)


def _relation_key(relation: dict[str, Any]) -> tuple[str, str]:
    return relation["source"], relation["field"]


def _facts(relation: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": relation["source"],
        "field": relation["field"],
        **{fact: relation.get(fact) for fact in RELATION_FACTS},
    }


def _weakened(before: str | None, after: str | None) -> bool:
    """Rows that were kept (or whose delete was refused) are now deleted."""
    return after in _DELETING and before not in _DELETING
