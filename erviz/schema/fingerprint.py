"""A stable digest of the schema: same models give the same fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from .model import App, FieldNote, Fields, ModelNode, Relation


def schema_fingerprint(
    models: Sequence[ModelNode],
    relations: Sequence[Relation],
    apps: Sequence[App] = (),
    notes: Sequence[FieldNote] = (),
) -> str:
    """SHA-256 over every model, field and relation fact, and every app
    (its verbose name is drawn) and field note (the export lists them): the
    key of every kept picture, so nothing a picture shows may be left out.

    The records are tuples of strings, booleans, None and tuples, so their JSON
    (written by the C encoder, in declaration order) is deterministic across
    processes and databases. A model's lazy :class:`Fields` is written as the
    tuple of records it holds.
    """
    payload = json.dumps(
        [models, relations, apps, notes], separators=(",", ":"), default=Fields.records
    )
    return hashlib.sha256(payload.encode()).hexdigest()
