"""Reading ``erviz export --format json`` files back, for reviews.

A file is accepted only if it is an erviz export of a known ``erviz_schema``
version that keeps the published contract
(``contracts/export.schema.json``); anything else is a
:class:`~erviz.review.reading.FileRejected` with a message a user can act
on. :func:`schema_from_document` rebuilds the :class:`Schema` an export was
made from, so that a diff can draw the models of either side.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..render.json_export import SCHEMA_VERSION
from ..schema.model import App, Field, Fields, ModelNode, Relation, Schema
from .reading import FileRejected, check, parse_json, read_bytes


def load_document(path: str | Path) -> dict[str, Any]:
    return parse_document(read_bytes(path), str(path))


def parse_document(data: bytes | str, name: str = "the export") -> dict[str, Any]:
    """The export ``data`` holds; a :class:`FileRejected` for anything that
    is not an export of this erviz's ``erviz_schema`` that keeps its
    published contract."""
    document = parse_json(data, name)
    if not isinstance(document, dict) or "erviz_schema" not in document:
        raise FileRejected(
            f"{name} is not an erviz export: write one with "
            "`manage.py erviz export --format json -o FILE`."
        )
    version = document["erviz_schema"]
    if type(version) is not int or version != SCHEMA_VERSION:
        raise FileRejected(
            f"{name} has erviz_schema {json.dumps(version)[:40]}; this erviz reads "
            f"version {SCHEMA_VERSION}. Export both sides with the same erviz."
        )
    if document.get("level") == "apps":
        raise FileRejected(f"{name} is an app map (--level apps), not the schema.")
    checked: dict[str, Any] = check(document, "export", name)
    return checked


def _record(cls: Any, data: dict[str, Any]) -> Any:
    """A record from its JSON object: lists back to tuples, and fields a
    newer erviz added (absent from an older file) as empty."""
    values = []
    for name in cls._fields:
        value = data.get(name)
        if isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        values.append(value)
    return cls(*values)


def _built(records: tuple[Field, ...]) -> Fields:
    return Fields(lambda: records)


def schema_from_document(document: dict[str, Any]) -> Schema:
    models = []
    for data in document["models"]:
        records = tuple(_record(Field, field) for field in data.get("fields", []))
        model = _record(ModelNode, {**data, "fields": ()})
        models.append(model._replace(fields=_built(records)))
    return Schema(
        apps=tuple(_record(App, app) for app in document.get("apps", [])),
        models=tuple(models),
        relations=tuple(_record(Relation, r) for r in document["relations"]),
    )
