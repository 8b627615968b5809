"""The JSON export: a contract other tools read.

Keys are sorted and the output is byte-identical for the same models, so two
exports can be diffed. ``erviz_schema`` is bumped only when a field changes
meaning or disappears; new fields may be added within a version.
"""

from __future__ import annotations

import json
from typing import Any

from ..schema.model import Schema

SCHEMA_VERSION = 1


def schema_document(schema: Schema) -> dict[str, Any]:
    return {
        "erviz_schema": SCHEMA_VERSION,
        "fingerprint": schema.fingerprint,
        "apps": [app._asdict() for app in schema.apps],
        "models": [
            {**model._asdict(), "fields": [field._asdict() for field in model.fields]}
            for model in schema.models
        ],
        "relations": [
            {"id": relation.id, **relation._asdict()} for relation in schema.relations
        ],
    }


def render_json(schema: Schema) -> bytes:
    text = json.dumps(
        schema_document(schema), sort_keys=True, indent=2, ensure_ascii=False
    )
    return (text + "\n").encode()
