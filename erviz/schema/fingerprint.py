"""A stable digest of the schema: same models give the same fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from .model import Fields, ModelNode, Relation


def schema_fingerprint(
    models: Sequence[ModelNode], relations: Sequence[Relation]
) -> str:
    """SHA-256 over every model, field and relation fact.

    The records are tuples of strings, booleans, None and tuples, so their JSON
    (written by the C encoder, in declaration order) is deterministic across
    processes and databases. A model's lazy :class:`Fields` is written as the
    tuple of records it holds.
    """
    payload = json.dumps(
        [models, relations], separators=(",", ":"), default=Fields.records
    )
    return hashlib.sha256(payload.encode()).hexdigest()
