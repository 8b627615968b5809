"""A stable digest of the schema: same models give the same fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict

from .model import ModelNode, Relation


def schema_fingerprint(
    models: Sequence[ModelNode], relations: Sequence[Relation]
) -> str:
    """SHA-256 of the canonical JSON of every model and relation fact."""
    payload = json.dumps(
        {
            "models": [asdict(model) for model in models],
            "relations": [asdict(relation) for relation in relations],
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()
