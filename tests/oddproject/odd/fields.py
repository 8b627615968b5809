"""Relation fields of shapes that Django accepts and erviz must survive.

``GenericReferences`` is what a project's "array of generic references" field
looks like to Django: ``is_relation`` with one cardinality flag, but neither a
``remote_field`` nor a ``related_model`` (it does not subclass
GenericForeignKey). ``FlaglessForeignKey`` is a ForeignKey whose class clears
its cardinality flag: a target and a ``remote_field``, but no shape Django's
own code (or erviz) knows.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models.fields.mixins import FieldCacheMixin


class _GenericReferences(FieldCacheMixin, models.TextField):
    """Its values are stored in its column and read through its cache, as
    every relation field's are (Django's save() asks each one)."""

    related_model = None

    @property
    def cache_name(self) -> str:
        return self.name

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_relation = True  # Field.__init__ sets it from remote_field


def generic_references(flag: str) -> type[models.TextField[Any, Any]]:
    """A text column that claims to be a relation of cardinality ``flag``."""
    flags: dict[str, Any] = dict.fromkeys(
        ("many_to_one", "one_to_one", "one_to_many", "many_to_many"), False
    )
    flags[flag] = True
    return type(
        f"GenericReferences_{flag}",
        (_GenericReferences,),
        {**flags, "__module__": __name__},
    )


class FlaglessForeignKey(models.ForeignKey):
    many_to_one = False


class TaggedObject(GenericForeignKey):
    """A GenericForeignKey subclass, as django-tagging-style apps define."""
