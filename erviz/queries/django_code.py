"""The parts of Django's own code that walk relations: where erviz.queries
reads frames and watches calls (never patches).

contenttypes' classes come from ``sys.modules``: importing
``django.contrib.contenttypes.fields`` without the app installed raises,
and a model can only have a generic field if that module was imported.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import CodeType
from typing import Any

import django
from django.db.models.fields import related_descriptors

_DJANGO = Path(django.__file__).resolve().parent
#: The file whose frames evaluate querysets and prefetch.
QUERY_FILE = str(_DJANGO / "db" / "models" / "query.py")
DESCRIPTORS_FILE = str(_DJANGO / "db" / "models" / "fields" / "related_descriptors.py")
GENERIC_FILE = str(_DJANGO / "contrib" / "contenttypes" / "fields.py")


def generic_foreign_key() -> type | None:
    module = sys.modules.get("django.contrib.contenttypes.fields")
    return None if module is None else module.GenericForeignKey


def generic_relation_descriptor() -> type | None:
    module = sys.modules.get("django.contrib.contenttypes.fields")
    return None if module is None else module.ReverseGenericManyToOneDescriptor


def generic_foreign_key_of(obj: Any) -> Any:
    """The GenericForeignKey ``obj`` is, or whose descriptor it is (Django
    6 reads the field through a ``GenericForeignKeyDescriptor``); None for
    anything else."""
    cls = generic_foreign_key()
    if cls is None:
        return None
    for candidate in (obj, getattr(obj, "field", None)):
        if isinstance(candidate, cls):
            return candidate
    return None


def _generic_get(module: Any) -> CodeType:
    """The function that reads a GenericForeignKey."""
    owner = getattr(module, "GenericForeignKeyDescriptor", module.GenericForeignKey)
    return owner.__get__.__code__


def _functions(code: CodeType, name: str) -> Iterator[CodeType]:
    """The code of every function called ``name`` defined inside ``code``
    (the managers' classes are made by factory functions)."""
    for const in code.co_consts:
        if isinstance(const, CodeType):
            if const.co_name == name:
                yield const
            yield from _functions(const, name)


def read_codes() -> dict[CodeType, str]:
    """The functions Django runs whenever code reads a relation, loaded or
    not: the accessors of single objects and the related managers'
    ``get_queryset()``, by what each reads ("descriptor" or "manager")."""
    codes: dict[CodeType, str] = {
        related_descriptors.ForwardManyToOneDescriptor.__get__.__code__: "descriptor",
        related_descriptors.ReverseOneToOneDescriptor.__get__.__code__: "descriptor",
    }
    factories = [
        related_descriptors.create_reverse_many_to_one_manager,
        related_descriptors.create_forward_many_to_many_manager,
    ]
    module = sys.modules.get("django.contrib.contenttypes.fields")
    if module is not None:
        codes[_generic_get(module)] = "descriptor"
        factories.append(module.create_generic_related_manager)
    for factory in factories:
        for code in _functions(factory.__code__, "get_queryset"):
            codes[code] = "manager"
    return codes
