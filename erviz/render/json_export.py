"""The JSON export: a contract other tools read.

Keys are sorted and the output is byte-identical for the same models, so two
exports can be diffed. ``erviz_schema`` is bumped only when a field changes
meaning or disappears; new fields may be added within a version.
"""

from __future__ import annotations

import json
from typing import Any

from ..schema.model import Schema
from .scene import AppMap

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
        "notes": [{"id": note.id, **note._asdict()} for note in schema.notes],
        "state": schema.state.document(),
    }


def render_json(schema: Schema) -> bytes:
    return _dump(schema_document(schema))


def render_app_map_json(app_map: AppMap) -> bytes:
    """The app-level picture: apps with their models, links with counts."""
    return _dump(
        {
            "erviz_schema": SCHEMA_VERSION,
            "level": "apps",
            "apps": [app._asdict() for app in app_map.apps],
            "links": [
                {
                    "source": link.source,
                    "target": link.target,
                    "relations": link.relations,
                }
                for link in app_map.links
            ],
        }
    )


def _dump(document: dict[str, Any]) -> bytes:
    text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode()
