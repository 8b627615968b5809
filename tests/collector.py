"""What Django's own collection (the admin's NestedObjects) would delete:
the reference every row preview is checked against."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import NestedObjects
from django.db import DEFAULT_DB_ALIAS


def djangos_counts(obj: Any, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per model label that deleting ``obj`` deletes, as Django collects."""
    collector = NestedObjects(using=using)
    collector.collect([obj])
    return {m._meta.label: len(objs) for m, objs in collector.data.items() if objs}
