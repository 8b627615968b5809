"""Relations in the words and Python a developer types.

For each relation: the attribute access both ways, the lookups both ways,
``select_related`` or ``prefetch_related``, and what ``on_delete`` does in one
sentence. Everything is derived from the schema's facts (accessor names,
query names, kinds), so it says what Django does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .on_delete import ACTIONS, NONE
from .schema.model import ModelNode, Relation, Schema

_TEXT_TYPES = ("CharField", "TextField", "SlugField", "EmailField", "URLField")


@dataclass(frozen=True)
class RelationGuide:
    relation: Relation
    source: ModelNode
    target: ModelNode | None
    forward: str
    reverse: str | None
    filter_forward: str | None
    filter_reverse: str | None
    fetch_forward: str
    fetch_reverse: str | None
    on_delete: str


def guide(schema: Schema, relation: Relation) -> RelationGuide:
    source = schema.models_by_label[relation.source]
    target = schema.models_by_label.get(relation.target or "")
    src, field = source.model_name, relation.field
    many_forward = relation.kind in ("many_to_many", "generic_relation")
    forward = f"{src}.{field}.all()" if many_forward else f"{src}.{field}"
    reverse = filter_forward = filter_reverse = fetch_reverse = None
    if target is not None:
        filter_forward = (
            f"{source.name}.objects.filter({field}__{_sample_field(target)}=...)"
        )
        if relation.reverse_query_name:
            filter_reverse = (
                f"{target.name}.objects.filter("
                f"{relation.reverse_query_name}__{_sample_field(source)}=...)"
            )
        if relation.reverse_accessor and relation.reverse_accessor_installed:
            accessor = relation.reverse_accessor
            single = relation.kind == "one_to_one"
            reverse = f"{target.model_name}.{accessor}" + ("" if single else ".all()")
            how = "select_related" if single else "prefetch_related"
            fetch_reverse = f'{target.name}.objects.{how}("{accessor}")'
    how = (
        "select_related"
        if relation.kind in ("foreign_key", "one_to_one")
        else ("prefetch_related")
    )
    return RelationGuide(
        relation=relation,
        source=source,
        target=target,
        forward=forward,
        reverse=reverse,
        filter_forward=filter_forward,
        filter_reverse=filter_reverse,
        fetch_forward=f'{source.name}.objects.{how}("{field}")',
        fetch_reverse=fetch_reverse,
        on_delete=on_delete_sentence(schema, relation),
    )


def _sample_field(model: ModelNode) -> str:
    """A field a lookup would plausibly use: the first text field, else pk."""
    for field in model.fields:
        if field.internal_type in _TEXT_TYPES and not field.primary_key:
            return field.name
    return "pk"


def a_or_an(name: str) -> str:
    """The model name with its indefinite article: "an Author", "a Book"."""
    return f"an {name}" if name[:1].lower() in "aeio" else f"a {name}"


def on_delete_sentence(schema: Schema, relation: Relation) -> str:
    """What deleting the target does to the rows that point at it."""
    source = schema.models_by_label[relation.source]
    rows = f"{source.name} rows"
    field = relation.field
    if relation.kind == "generic_foreign_key":
        return (
            f"No database constraint: deleting the object {field} points to "
            f"leaves the {rows} dangling, unless its model declares a "
            "GenericRelation back."
        )
    target = schema.models_by_label.get(relation.target or "")
    if relation.kind == "other" or target is None:
        return (
            f"erviz does not know this kind of relation ({relation.field_type}); "
            "Django's delete does not follow it, so deleting its target does "
            f"nothing to the {rows} by itself."
        )
    t = target.name
    a_source, a_target = a_or_an(source.name), a_or_an(t)
    if relation.kind == "generic_relation":
        return f"Deleting {a_source} deletes its {t} rows too (GenericRelation)."
    if relation.kind == "many_to_many":
        if relation.through_auto:
            return (
                f"Deleting {a_source} or {a_target} deletes the rows that link "
                "them, never the other side."
            )
        return (
            f"The links are {relation.through} rows: their own foreign keys' "
            "on_delete decides what deleting either side does."
        )
    action = ACTIONS[relation.on_delete or NONE.name]
    return action.sentence.format(
        a_target=a_target,
        A_target=a_target.capitalize(),
        target=t,
        rows=rows,
        field=field,
        detail=relation.on_delete_detail or "",
    )
