"""Relations in the words and Python a developer types.

For each relation: the attribute access both ways, the lookups both ways,
``select_related`` or ``prefetch_related``, and what ``on_delete`` does in one
sentence. Everything is derived from the schema's facts (accessor names,
query names, kinds), so it says what Django does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..on_delete import ACTIONS, NONE
from .model import ModelNode, Relation, Schema

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
    """The model name with its indefinite article in English ("an Author",
    "a Book"); the name alone in another language, whose sentences say
    their own article."""
    if not (get_language() or "en").startswith("en"):
        return name
    return f"an {name}" if name[:1].lower() in "aeio" else f"a {name}"


def on_delete_sentence(schema: Schema, relation: Relation) -> str:
    """What deleting the target does to the rows that point at it."""
    source = schema.models_by_label[relation.source]
    rows = _("%(model)s rows") % {"model": source.name}
    field = relation.field
    if relation.kind == "generic_foreign_key":
        return _(
            "No database constraint: deleting the object %(field)s points to "
            "leaves the %(rows)s dangling, unless its model declares a "
            "GenericRelation back."
        ) % {"field": field, "rows": rows}
    target = schema.models_by_label.get(relation.target or "")
    if relation.kind == "other" or target is None:
        return _(
            "erviz does not know this kind of relation (%(type)s); Django's "
            "delete does not follow it, so deleting its target does nothing to "
            "the %(rows)s by itself."
        ) % {"type": relation.field_type, "rows": rows}
    t = target.name
    a_source, a_target = a_or_an(source.name), a_or_an(t)
    if relation.kind == "generic_relation":
        return _(
            "Deleting %(a_source)s deletes its %(target)s rows too (GenericRelation)."
        ) % {"a_source": a_source, "target": t}
    if relation.kind == "many_to_many":
        if relation.through_auto:
            return _(
                "Deleting %(a_source)s or %(a_target)s deletes the rows that link "
                "them, never the other side."
            ) % {"a_source": a_source, "a_target": a_target}
        return _(
            "The links are %(through)s rows: their own foreign keys' on_delete "
            "decides what deleting either side does."
        ) % {"through": relation.through}
    action = ACTIONS[relation.on_delete or NONE.name]
    return _(action.sentence).format(
        a_target=a_target,
        A_target=a_target[:1].upper() + a_target[1:],
        target=t,
        rows=rows,
        field=field,
        detail=relation.on_delete_detail or "",
    )
