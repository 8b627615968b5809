"""Lint rules for relations that real projects get wrong.

Each rule has a stable id (``L001``...; the same finding as a system check is
``erviz.W001``...), a one-line explanation and a fix. A finding is silenced
by ``ERVIZ["LINT_IGNORE"] = {"L002": ["app.Model", "app.*"]}`` (``"*"`` for
everywhere) or by a ``# erviz: ignore[L002]`` comment on the field's
definition (on the ``class`` line for rules about a whole model).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

from ..conf import get_config
from ..on_delete import ACTIONS, NONE
from ..schema.cascade_plan import plan_cascade
from ..schema.hubs import hubs
from ..schema.model import ModelNode, Relation, Schema
from ..schema.named_views import configured_views, stale_entries

#: What a rule's check yields: (model label, field name or None, message),
#: and optionally a hint and a level of this finding's own, where the case
#: found needs another fix than the rule's, or matters less.
Found = (
    tuple[str, str | None, str] | tuple[str, str | None, str, str | None, str | None]
)
Check = Callable[[Schema, dict[str, Any]], Iterator[Found]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    explanation: str
    hint: str
    check: Check = field(compare=False, repr=False)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    model: str
    field: str | None
    message: str
    #: The fix for this case, where it is not the rule's.
    own_hint: str | None = None
    #: The level this finding has unless ``ERVIZ["LINT_LEVELS"]`` sets the
    #: rule's (None: a warning).
    default_level: str | None = None

    @property
    def subject(self) -> str:
        return f"{self.model}.{self.field}" if self.field else self.model

    @property
    def hint(self) -> str:
        return self.own_hint or self.rule.hint

    def document(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "name": self.rule.name,
            "model": self.model,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


#: Every rule, by id, in the order they were registered.
RULES: dict[str, Rule] = {}


def rule(id: str, name: str, explanation: str, hint: str) -> Callable[[Check], Check]:
    """Register the decorated check as the lint rule ``id``: one
    registration per rule."""

    def register(check: Check) -> Check:
        RULES[id] = Rule(id, name, explanation, hint, check)
        return check

    return register


def lint(
    schema: Schema,
    app_labels: frozenset[str] | None = None,
    registry: Apps = global_apps,
) -> list[Finding]:
    """Every finding on the models of ``app_labels`` (all when None), minus
    the silenced ones, ordered by model, field and rule. ``registry`` holds
    the model classes, whose source may carry ``# erviz: ignore[...]``."""
    config = get_config()
    findings = [
        finding
        for rule in RULES.values()
        for finding in (Finding(rule, *found) for found in rule.check(schema, config))
        if app_labels is None or finding.model.split(".")[0] in app_labels
    ]
    return sorted(
        (f for f in findings if not _silenced(f, config["LINT_IGNORE"], registry)),
        key=lambda f: (f.model, f.field or "", f.rule.id),
    )


@rule(
    "L001",
    "cascade-from-hub",
    "Deleting one row of a hub model (the user model, or a model many "
    "relations point at) cascades into many models.",
    "Use PROTECT or SET_NULL on the relations whose rows must outlive "
    "the hub row, or deactivate hub rows (is_active=False) rather than "
    "delete them.",
)
def _hub_cascades(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    hub_labels = hubs(schema, config["LINT_HUB_RELATIONS"])
    for model in _concrete(schema):
        if model.label not in hub_labels:
            continue
        plan = plan_cascade(schema, model.label)
        deleted = plan.deleted_models - {model.label}
        deleted -= {
            label for label in deleted if schema.models_by_label[label].auto_created
        }
        if len(deleted) <= config["LINT_CASCADE_MODELS"]:
            continue
        message = (
            f"deleting one {model.name} deletes rows of {len(deleted)} models: "
            + ", ".join(sorted(deleted))
        )
        guards = sorted(
            {
                f"{node.relation.id} ({node.relation.on_delete})"
                for node in plan.blockers
                if node.relation is not None
            }
        )
        if not guards:
            yield model.label, None, message
            continue
        yield (
            model.label,
            None,
            f"{message}; refused while rows point at it through {', '.join(guards)}",
            _GUARDED_HUB_HINT,
            "note",
        )


_GUARDED_HUB_HINT = (
    "Those PROTECT/RESTRICT relations already refuse the delete while such "
    "rows exist; where a hub row must go without them, deactivate it "
    "(is_active=False) rather than delete it, or SET_NULL the relations "
    "whose rows must outlive it."
)


@rule(
    "L002",
    "unexplained-dangling-reference",
    "on_delete=DO_NOTHING or db_constraint=False leaves rows pointing at "
    "rows that may not exist, and nothing says why.",
    "Say why in the field's help_text (audit trails, archives), or use "
    "CASCADE, PROTECT or SET_NULL with the database constraint.",
)
def _dangling(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    for relation in schema.relations:
        risky = relation.on_delete == NONE.name or (
            not relation.db_constraint
            and relation.kind in ("foreign_key", "one_to_one", "many_to_many")
        )
        if risky and not _help_text(schema, relation):
            what = (
                "on_delete=DO_NOTHING"
                if relation.on_delete == NONE.name
                else "db_constraint=False"
            )
            yield (
                relation.source,
                relation.field,
                f"{what} to {relation.target} with no help_text saying why",
            )


@rule(
    "L003",
    "generic-foreign-key-without-index",
    "A GenericForeignKey's (content_type, object_id) pair has no index, "
    "so every generic lookup and cascade scans the table.",
    'Add Meta.indexes = [models.Index(fields=["content_type", '
    '"object_id"])] (with your field names).',
)
def _generic_without_index(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    for relation in schema.relations:
        if relation.kind != "generic_foreign_key" or not relation.generic_fields:
            continue
        model = schema.models_by_label[relation.source]
        pair = set(relation.generic_fields)
        # Meta.indexes and the unique sets (a constraint's index) count.
        if any(set(index[:2]) == pair for index in model.indexes):
            continue
        content_type, object_id = relation.generic_fields
        if all(_leads_an_index(model, name) for name in pair):
            yield (
                relation.source,
                relation.field,
                f"{content_type} and {object_id} each lead an index of their own, "
                "but no index holds the pair: a lookup by both reads every row "
                "one index finds to check the other column",
                f'An index on the pair, Meta.indexes = [models.Index(fields=["'
                f'{content_type}", "{object_id}"])], finds an object\'s rows '
                "from one index.",
                "note",
            )
            continue
        yield (
            relation.source,
            relation.field,
            f"no index starts with ({content_type}, {object_id})",
        )


def _leads_an_index(model: ModelNode, name: str) -> bool:
    """The column of field ``name`` starts an index: its own (db_index, a
    foreign key's, unique, the primary key) or a Meta.indexes entry."""
    field = next((f for f in model.fields if f.name == name), None)
    if field is not None and (field.db_index or field.unique or field.primary_key):
        return True
    return any(index[:1] == (name,) for index in model.indexes)


@rule(
    "L004",
    "ambiguous-reverse-accessor",
    "Two relations go from one model to the same model and only one has "
    "a related_name: the default accessor (<model>_set, named in each "
    "finding) reads as if it were the only relation.",
    "Give every relation between the two models a related_name that "
    "says which one it is.",
)
def _ambiguous_accessors(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    pairs: dict[tuple[str, str], list[Relation]] = {}
    for relation in schema.relations:
        # A hidden relation (related_name "+") has no accessor to confuse.
        if (
            relation.target
            and not relation.hidden
            and relation.kind
            in (
                "foreign_key",
                "one_to_one",
                "many_to_many",
            )
        ):
            pairs.setdefault((relation.source, relation.target), []).append(relation)
    for (source, target), relations in sorted(pairs.items()):
        named = [r for r in relations if r.related_name]
        if len(relations) > 1 and len(named) == 1:
            for relation in relations:
                if not relation.related_name and relation.reverse_accessor:
                    yield (
                        source,
                        relation.field,
                        f"{target}.{relation.reverse_accessor} is this relation; "
                        f"{named[0].field} has related_name {named[0].related_name!r}",
                    )


@rule(
    "L005",
    "through-model-without-unique",
    "An explicit many-to-many through model has no uniqueness rule on "
    "its two foreign keys, so the same pair can be linked twice.",
    "Add a UniqueConstraint on the two foreign keys (with any field "
    "that may legitimately repeat the pair, such as a role).",
)
def _through_without_unique(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    for relation in schema.relations:
        if (
            relation.kind != "many_to_many"
            or relation.through_auto
            or not relation.through
        ):
            continue
        through = schema.models_by_label[relation.through]
        keys = _through_keys(schema, relation)
        if keys and not any(keys <= set(index) for index in through.unique_sets):
            yield (
                through.label,
                None,
                f"through model of {relation.id}: nothing makes "
                f"({', '.join(sorted(keys))}) unique",
            )


def _through_keys(schema: Schema, relation: Relation) -> set[str]:
    if relation.through_fields:
        return set(relation.through_fields)
    assert relation.through is not None
    return {
        r.field
        for r in schema.outgoing(relation.through)
        if r.kind in ("foreign_key", "one_to_one")
        and r.target in (relation.source, relation.target)
    }


@rule(
    "L006",
    "set-null-on-unique",
    "on_delete=SET_NULL or SET_DEFAULT rewrites a column that a "
    "uniqueness rule covers: SET_DEFAULT collides, SET_NULL silently "
    "stops enforcing the rule for those rows.",
    "Use CASCADE or PROTECT, or leave the column out of the constraint.",
)
def _set_null_on_unique(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    for relation in schema.relations:
        action = ACTIONS.get(relation.on_delete or "")
        # SET(...) writes a value of the project's choosing: not this rule's.
        if action is None or action.writes not in ("null", "default"):
            continue
        covered = [s for s in relation.unique_with if len(s) > 1]
        # NULLs never collide in a unique column; one default does.
        if covered or (relation.unique and action.writes == "default"):
            rule = ", ".join("(" + ", ".join(s) + ")" for s in covered) or "unique=True"
            yield (
                relation.source,
                relation.field,
                f"on_delete={relation.on_delete} on a column in {rule}",
            )


@rule(
    "L010",
    "stale-view",
    "A named view (ERVIZ['VIEWS']) names a model or an app the project does "
    "not have, most often one renamed or removed: the view is drawn without it.",
    "Rename or remove the entry in ERVIZ['VIEWS'].",
)
def _stale_views(schema: Schema, config: dict[str, Any]) -> Iterator[Found]:
    for view in configured_views(config["VIEWS"]).values():
        for entry in stale_entries(schema, view):
            yield (
                entry,
                None,
                f"the view {view.name!r} names it; no such model or app",
            )


def _concrete(schema: Schema) -> Iterator[ModelNode]:
    return (m for m in schema.models if not m.auto_created and not m.proxy)


def _help_text(schema: Schema, relation: Relation) -> str:
    model = schema.models_by_label[relation.source]
    return next((f.help_text for f in model.fields if f.name == relation.field), "")


def _silenced(finding: Finding, ignore: dict[str, Any], registry: Apps) -> bool:
    patterns = ignore.get(finding.rule.id, ())
    if isinstance(patterns, str):
        patterns = [patterns]
    if any(
        fnmatchcase(finding.subject, p) or fnmatchcase(finding.model, p)
        for p in patterns
    ):
        return True
    return finding.rule.id in _markers(registry, finding.model, finding.field)


_MARKER = re.compile(r"#\s*erviz:\s*ignore\[([A-Z0-9,\s]+)\]")


def _markers(registry: Apps, label: str, field: str | None) -> frozenset[str]:
    """Rule ids in ``# erviz: ignore[...]`` comments on the field's
    definition (or the model's ``class`` line), read from the source."""
    try:
        lines, _start = inspect.getsourcelines(registry.get_model(label))
    except (OSError, TypeError, LookupError):
        return frozenset()
    chosen = lines[:1] if field is None else _statement(lines, field)
    found: set[str] = set()
    for line in chosen:
        for match in _MARKER.finditer(line):
            found.update(part.strip() for part in match.group(1).split(","))
    return frozenset(found)


def _statement(lines: list[str], field: str) -> list[str]:
    """The lines of ``field = ...`` in a class body (up to the next line at
    the same indentation)."""
    start = re.compile(rf"^(\s+){re.escape(field)}\s*(:[^=]*)?=")
    for number, line in enumerate(lines):
        match = start.match(line)
        if match:
            indent = len(match.group(1))
            end = number + 1
            while end < len(lines) and (
                not lines[end].strip()
                or len(lines[end]) - len(lines[end].lstrip()) > indent
                or lines[end].strip().startswith(")")
            ):
                end += 1
            return lines[number:end]
    return []
