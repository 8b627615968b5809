"""What else a delete does: the receivers it fires, and what Django could
delete without loading a row.

Django's ``Collector`` sends ``pre_delete`` and ``post_delete`` for every row
it loads, and loads the rows of a model unless it can *fast-delete* them
(``Collector.can_fast_delete``: no receiver, nothing further to cascade to).
It sends no ``m2m_changed`` for the link rows a delete removes. Rows that
Django 6.1's ``DB_*`` actions remove or update are the database's work: no
signal is sent for them, which a receiver's author may not expect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db import models
from django.db.models.deletion import Collector
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import Signal

from .row_sets import Plan

SIGNALS = (pre_delete, post_delete)


def receivers(model: type[models.Model]) -> list[str]:
    """The dotted paths of the pre_delete and post_delete receivers Django
    would call for rows of ``model``, in the order it calls them."""
    paths: dict[str, None] = {}
    for signal in SIGNALS:
        for receiver in _live(signal, model):
            paths[dotted_path(receiver)] = None
    return list(paths)


def _live(signal: Signal, sender: type[models.Model]) -> Iterable[Any]:
    # Django 5.0+ returns (sync, async) receivers; earlier, one list.
    live: Any = signal._live_receivers(sender)
    if isinstance(live, tuple):
        return [receiver for group in live for receiver in group]
    return list(live)


def dotted_path(receiver: Any) -> str:
    """``module.qualname`` of a function, method or callable object."""
    function = getattr(receiver, "__func__", receiver)
    function = getattr(function, "func", function)  # functools.partial
    name = getattr(function, "__qualname__", None) or type(function).__qualname__
    module = getattr(function, "__module__", None) or type(function).__module__
    return f"{module}.{name}"


def fast_deletes(plan: Plan, using: str) -> dict[type[models.Model], bool]:
    """Whether Django's Collector would delete each model's rows without
    loading them, asked as the Collector asks: per relation the rows are
    reached through. The deleted row itself and multi-table parents are
    always loaded (``Model.delete()`` collects instances)."""
    collector = Collector(using=using)
    # (Django's Collector asks about a model class too, as here.)
    answers: dict[type[models.Model], bool] = {}
    for model, edges in plan.cascades.items():
        answers[model] = all(
            collector.can_fast_delete(cast(Any, model), from_field=edge.field)
            for edge in edges
        )
    for model in plan.generics:
        # Generic rows are collected as a queryset, without a from_field.
        answers[model] = answers.get(model, True) and collector.can_fast_delete(
            cast(Any, model)
        )
    for model in [plan.root, *plan.deleted]:
        answers[model] = False
    return answers
