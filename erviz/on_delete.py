"""Every on_delete action erviz names, in one table.

One record per action: what a delete does to the rows that point at the
deleted row (the cascade plan's effect), how an edge is drawn (colour, line
style, legend text), how the admin summary words a kept row, and the
sentence a person reads. The cascade plan, its report, the explanations,
the admin summary, the review (diff, lint) and the renderers all read it; a
new action is one record here (and, for Django's own functions, one line
in introspection's mapping).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import deletion
from django.utils.translation import gettext_noop

#: What a delete does to the rows a relation reaches (the cascade plan).
Effect = Literal[
    "root",
    "deleted",
    "deleted_by_database",
    "updated",
    "updated_by_database",
    "protected",
    "restricted",
    "dangling",
    "custom",
    "parent",
    "links",
]


@dataclass(frozen=True)
class OnDelete:
    name: str
    effect: Effect
    #: A mid-tone colour that reads on both themes: 3:1 or more against the
    #: light and the dark background (tests/test_palette_css.py checks it).
    color: str
    #: Graphviz line style: solid, dashed, dotted or bold.
    style: str
    #: The legend's words for an edge drawn so (in English: a picture
    #: translates them when it is drawn).
    legend: str
    #: What happens to a row pointing at a deleted one, for a person (in
    #: English; translated where it is shown):
    #: ``{a_target}``/``{A_target}`` ("a Book"), ``{target}`` ("Book"),
    #: ``{rows}`` ("Review rows"), ``{field}`` and ``{detail}`` (SET's value
    #: or the custom handler's path) are filled in.
    sentence: str
    #: How the admin summary words a kept row's change, for updates.
    update: str | None = None
    #: What an update writes into the relation's column: NULL, the field's
    #: default, or a value the project's code chooses (SET(...)).
    writes: Literal["null", "default", "value"] | None = None

    @property
    def deletes(self) -> bool:
        """The rows pointing at a deleted row are deleted too."""
        return self.effect in ("deleted", "deleted_by_database")

    @property
    def updates(self) -> bool:
        return self.effect in ("updated", "updated_by_database")


#: Rows updated by Django (blue) and by the database (indigo). Within a
#: colour the line tells the actions apart: every action has its own look.
_BLUE, _INDIGO, _RED = "#1e88e5", "#5c6bc0", "#e53935"

ACTIONS: dict[str, OnDelete] = {
    action.name: action
    for action in (
        OnDelete(
            "CASCADE",
            "deleted",
            _RED,
            "solid",
            gettext_noop("these rows are deleted too"),
            gettext_noop(
                "Deleting {a_target} also deletes the {rows} that point to it."
            ),
        ),
        OnDelete(
            "PROTECT",
            "protected",
            "#e07000",
            "bold",
            gettext_noop("the delete is refused while these rows exist"),
            gettext_noop(
                "{A_target} cannot be deleted while {rows} point to it "
                "(ProtectedError)."
            ),
        ),
        OnDelete(
            "RESTRICT",
            "restricted",
            "#ab47bc",
            "bold",
            gettext_noop(
                "refused, unless these rows are deleted by another CASCADE path"
            ),
            gettext_noop(
                "{A_target} cannot be deleted while {rows} point to it "
                "(RestrictedError), unless those rows are deleted in the same delete "
                "through a CASCADE."
            ),
        ),
        OnDelete(
            "SET_NULL",
            "updated",
            _BLUE,
            "dashed",
            gettext_noop("these rows are updated: set to NULL"),
            gettext_noop("Deleting {a_target} sets {field} to NULL on its {rows}."),
            gettext_noop("set to NULL"),
            writes="null",
        ),
        OnDelete(
            "SET_DEFAULT",
            "updated",
            _BLUE,
            "dotted",
            gettext_noop("these rows are updated: set to the default"),
            gettext_noop(
                "Deleting {a_target} sets {field} to its default on its {rows}."
            ),
            gettext_noop("set to its default"),
            writes="default",
        ),
        OnDelete(
            "SET",
            "updated",
            _BLUE,
            "bold",
            gettext_noop("these rows are updated: set to a value"),
            gettext_noop(
                "Deleting {a_target} sets {field} on its {rows} to {detail}()."
            ),
            gettext_noop("set by its on_delete=SET(…)"),
            writes="value",
        ),
        OnDelete(
            "DO_NOTHING",
            "dangling",
            "#8a8a8a",
            "dotted",
            gettext_noop(
                "nothing in Django; the database may refuse or leave "
                "dangling references"
            ),
            gettext_noop(
                "Deleting {a_target} does nothing to its {rows}: Django leaves them "
                "pointing at a missing row, and the database may refuse the delete."
            ),
        ),
        OnDelete(
            "DB_CASCADE",
            "deleted_by_database",
            _RED,
            "dashed",
            gettext_noop(
                "the database deletes these rows (the Collector does not see them)"
            ),
            gettext_noop(
                "The database deletes the {rows} of a deleted {target} (ON DELETE "
                "CASCADE); Django does not collect them or send their signals."
            ),
        ),
        OnDelete(
            "DB_SET_NULL",
            "updated_by_database",
            _INDIGO,
            "dashed",
            gettext_noop("the database sets these rows to NULL"),
            gettext_noop(
                "The database sets {field} to NULL on the {rows} of a deleted "
                "{target}; Django does not collect them."
            ),
            gettext_noop("set to NULL by the database"),
            writes="null",
        ),
        OnDelete(
            "DB_SET_DEFAULT",
            "updated_by_database",
            _INDIGO,
            "dotted",
            gettext_noop("the database sets these rows to their default"),
            gettext_noop(
                "The database sets {field} to its default on the {rows} of a deleted "
                "{target}; Django does not collect them."
            ),
            gettext_noop("set to its default by the database"),
            writes="default",
        ),
        OnDelete(
            "CUSTOM",
            "custom",
            "#00897b",
            "dashed",
            gettext_noop("a project-defined on_delete callable"),
            gettext_noop(
                "A custom handler, {detail}, decides what happens to the {rows} of a "
                "deleted {target}."
            ),
        ),
    )
}
#: The records introspection's mapping names.
CASCADE, SET, CUSTOM = ACTIONS["CASCADE"], ACTIONS["SET"], ACTIONS["CUSTOM"]


def by_effect(effect: Effect) -> OnDelete:
    """The first action (in the table's order) that has ``effect``: how the
    pictures colour and the reports name a kind of row (the rows a delete
    removes, updates, or is refused by) without naming an action."""
    return next(action for action in ACTIONS.values() if action.effect == effect)


#: The action of a relation that names none (many-to-many, generic keys).
NONE = ACTIONS["DO_NOTHING"]

#: Django's own on_delete functions, by their name in the table (the DB_*
#: ones on Django 6.1+). SET(...) builds a new closure per use and CUSTOM is
#: anything else, so neither is recognised by identity.
DJANGO_FUNCTIONS: dict[str, Any] = {
    name: getattr(deletion, name)
    for name, action in ACTIONS.items()
    if action not in (SET, CUSTOM) and hasattr(deletion, name)
}


_BY_FUNCTION = {function: ACTIONS[name] for name, function in DJANGO_FUNCTIONS.items()}
#: Attributes through which wrappers expose the callable they wrap:
#: functools.wraps, functools.partial, django-polymorphic's PolymorphicGuard.
_WRAPPED_ATTRIBUTES = ("__wrapped__", "func", "action")


def resolve(on_delete: Any) -> tuple[OnDelete, Any]:
    """The action an ``on_delete`` callable takes, and the callable that
    says so: Django's own functions by identity, ``SET(...)`` by its
    deconstruction, seen through wrappers that call what they wrap
    (``functools.partial(CASCADE)`` is a CASCADE, as Django's Collector,
    which calls it, finds); anything else is CUSTOM.

    The one place that decides what a delete does to the rows of a
    relation: the schema (introspection), the delete preview's SQL and key
    walks, and through them the picture, the lint rules and the reports.
    """
    action = on_delete
    for _ in range(8):  # a wrapper of a wrapper..., never a loop
        try:
            known = _BY_FUNCTION.get(action)
        except TypeError:  # an unhashable callable is none of Django's
            known = None
        if known is not None:
            return known, action
        deconstruct = getattr(action, "deconstruct", None)
        if callable(deconstruct):
            try:
                path = deconstruct()[0]
            except Exception:  # a host's callable: whatever it raises
                path = None
            if path == "django.db.models.SET":
                return SET, action
        wrapped = next(
            (getattr(action, a) for a in _WRAPPED_ATTRIBUTES if hasattr(action, a)),
            None,
        )
        if not callable(wrapped):
            break
        action = wrapped
    return CUSTOM, on_delete
