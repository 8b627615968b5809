"""The diagram notation: crow's-foot ends and on_delete colours and lines.

One table serves the Graphviz styles, the legend in every export and the
plain-language sentence the explorer shows for an on_delete action.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from .. import on_delete
from ..schema.model import Relation


@dataclass(frozen=True)
class Action:
    key: str
    color: str
    style: str  # Graphviz line style: solid, dashed, dotted, bold
    meaning: str


#: The on_delete actions' look, from the one table of actions.
ACTIONS: dict[str, Action] = {
    name: Action(name, action.color, action.style, action.legend)
    for name, action in on_delete.ACTIONS.items()
}
# Keys and meanings in English, translated when a picture is drawn.
MANY_TO_MANY = Action(
    gettext_noop("many-to-many"),
    "#78909c",
    "solid",
    gettext_noop("rows linked both ways"),
)
GENERIC = Action(
    gettext_noop("generic relation"),
    "#1f8f84",
    "dotted",
    gettext_noop("generic rows are deleted with the object"),
)
INHERITANCE = Action(
    gettext_noop("inheritance"),
    "#616161",
    "solid",
    gettext_noop("multi-table child (parent row deleted too)"),
)
PROXY = Action(
    gettext_noop("proxy"), "#616161", "dashed", gettext_noop("proxy of the same table")
)
UNKNOWN = Action(
    gettext_noop("unknown relation"),
    "#a1887f",
    "dotted",
    gettext_noop("a relation field erviz does not know (see the model's notes)"),
)


#: How a model a delete reaches is outlined: colour and border width, from
#: the on_delete colours (so a preview reads like the diagram's edges).
_DELETED = on_delete.by_effect("deleted").color
_UPDATED = on_delete.by_effect("updated").color
_BLOCKING = on_delete.by_effect("protected").color
#: A model added since a migration ("what changed since").
_ADDED = "#2e7d32"
MARKS: dict[str, tuple[str, int]] = {
    "root": (_DELETED, 4),
    "deleted": (_DELETED, 2),
    "updated": (_UPDATED, 2),
    "blocking": (_BLOCKING, 3),
    # A lookup path's two ends, and the models it passes.
    "endpoint": (_BLOCKING, 4),
    "on_path": (_UPDATED, 2),
    # A related-rows page's row, and the models of the rows around it.
    "row": (_BLOCKING, 4),
    "neighbour": (_UPDATED, 2),
    # What changed since a migration: a model added, or one removed since.
    "added": (_ADDED, 3),
    "removed": (_DELETED, 3),
}


def action_for(relation: Relation) -> Action:
    """How an edge is drawn: by on_delete, else by kind."""
    if relation.kind == "many_to_many":
        return MANY_TO_MANY
    if relation.kind == "generic_relation":
        return GENERIC
    if relation.kind == "other":
        return UNKNOWN
    return ACTIONS[relation.on_delete or on_delete.NONE.name]


# Crow's-foot ends, as Graphviz arrow names (the first shape sits at the node):
# tee = one, crow = many, odot = optional.
EXACTLY_ONE = "teetee"
ZERO_OR_ONE = "teeodot"
ZERO_OR_MANY = "crowodot"


def ends(relation: Relation) -> tuple[str, str]:
    """(source end, target end) of a relation's edge.

    The source end says how many source rows one target row has; the target
    end how many target rows one source row points at (optional when the
    column is nullable).
    """
    if relation.kind == "many_to_many":
        return ZERO_OR_MANY, ZERO_OR_MANY
    if relation.kind == "generic_relation":
        return ZERO_OR_ONE, ZERO_OR_MANY
    target_end = ZERO_OR_ONE if relation.null else EXACTLY_ONE
    source_end = ZERO_OR_ONE if relation.kind == "one_to_one" else ZERO_OR_MANY
    return source_end, target_end


#: The dashed boxes a picture may hold (drawn in the palette's muted
#: colour): a model drawn small elsewhere, and a hub copied per app.
ELSEWHERE = Action(
    gettext_noop("dashed box"),
    "",
    "box",
    gettext_noop("a model drawn elsewhere or outside this view"),
)
HUB_COPY = Action(
    gettext_noop("dashed box"),
    "",
    "box",
    gettext_noop("a much-linked model, copied once into each app that points at it"),
)


def legend_actions(
    relations: Iterable[Relation], inheritance_kinds: Iterable[str]
) -> list[Action]:
    """The legend's entries: the notations a picture uses, in table order."""
    used = {action_for(relation).key for relation in relations}
    used |= {
        (PROXY if kind == "proxy" else INHERITANCE).key for kind in inheritance_kinds
    }
    every = [*ACTIONS.values(), MANY_TO_MANY, GENERIC, UNKNOWN, INHERITANCE, PROXY]
    return [action for action in every if action.key in used]
