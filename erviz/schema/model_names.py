"""A model named as a person types it: ``demo_models.Customer``,
``customer``, ``Customers`` or ``order line``.

The path finder's "to" field and ``erviz path`` take what people type. A
name is matched against, in turn, the labels, the class names and the
verbose names (singular and plural), ignoring case; the first of these that
matches decides. Several models matching it are a choice to offer; none
are answered with the closest names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import ModelNode, Schema

#: Names offered when nothing matched, or models when several did.
OFFERED = 8


@dataclass(frozen=True)
class NameMatch:
    """The model a typed name means, else the models it may mean."""

    model: ModelNode | None
    #: Several models the name fits equally: the user chooses.
    choices: tuple[ModelNode, ...] = ()
    #: Nothing fits: the models with the closest names.
    suggestions: tuple[ModelNode, ...] = ()


def match_model(schema: Schema, typed: str) -> NameMatch:
    """The model ``typed`` names (see the module's docstring)."""
    wanted = _folded(typed)
    models = [m for m in schema.models if not m.auto_created]
    if not wanted:
        return NameMatch(None)
    for names_of in (
        lambda m: (m.label,),
        lambda m: (m.name,),
        lambda m: (m.verbose_name, m.verbose_name_plural),
    ):
        found = [m for m in models if wanted in {_folded(n) for n in names_of(m)}]
        if len(found) == 1:
            return NameMatch(found[0])
        if found:
            return NameMatch(None, choices=tuple(found[:OFFERED]))
    return NameMatch(None, suggestions=_closest(models, wanted))


def _closest(models: list[ModelNode], wanted: str) -> tuple[ModelNode, ...]:
    """Models whose name contains what was typed, then those whose names
    are close to it (a typo)."""
    by_name: dict[str, ModelNode] = {}
    for model in models:
        for name in (model.name, model.verbose_name, model.label):
            by_name.setdefault(_folded(name), model)
    containing = [m for n, m in sorted(by_name.items()) if wanted in n]
    close = [
        by_name[n]
        for n in difflib.get_close_matches(wanted, by_name, n=OFFERED, cutoff=0.6)
    ]
    return tuple(dict.fromkeys([*containing, *close]))[:OFFERED]


def _folded(name: str) -> str:
    """Case and spacing aside: "Order line", "order_line" and "OrderLine"
    are one name."""
    return "".join(c for c in name.casefold() if c.isalnum() or c == ".")
