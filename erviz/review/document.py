"""Reading ``erviz export --format json`` files back, for reviews.

A file is accepted only if it is an erviz export of a known ``erviz_schema``
version; anything else is a :class:`DocumentError` with a message a user can
act on. :func:`schema_from_document` rebuilds the :class:`Schema` an export
was made from, so that a diff can draw the models of either side.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..render.json_export import SCHEMA_VERSION
from ..schema.model import App, Field, Fields, ModelNode, Relation, Schema


class DocumentError(Exception):
    """A file that is not an erviz schema export erviz can read."""


def load_document(path: str | Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError(f"Cannot read {path}: {error.strerror}.") from error
    except UnicodeDecodeError as error:
        raise DocumentError(f"{path} is not a text file.") from error
    return parse_document(text, str(path))


def parse_document(text: str, name: str = "the export") -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"{name} is not JSON ({error.msg}, line {error.lineno})."
        ) from error
    except RecursionError as error:
        raise DocumentError(f"{name} is nested too deeply to be an export.") from error
    if not isinstance(document, dict) or "erviz_schema" not in document:
        raise DocumentError(
            f"{name} is not an erviz export: write one with "
            "`manage.py erviz export --format json -o FILE`."
        )
    version = document["erviz_schema"]
    if version != SCHEMA_VERSION:
        raise DocumentError(
            f"{name} has erviz_schema {version!r}; this erviz reads version "
            f"{SCHEMA_VERSION}. Export both sides with the same erviz."
        )
    if document.get("level") == "apps":
        raise DocumentError(f"{name} is an app map (--level apps), not the schema.")
    for key in ("models", "relations"):
        if not isinstance(document.get(key), list):
            raise DocumentError(f"{name} has no {key!r} list: is it truncated?")
    for key, required in _REQUIRED.items():
        for record in document[key]:
            missing = required - set(record) if isinstance(record, dict) else required
            if missing:
                raise DocumentError(
                    f"{name} has a {key[:-1]} without {', '.join(sorted(missing))}: "
                    "is it truncated or edited?"
                )
    return document


#: The keys every model and relation of an export has (erviz_schema 1), and
#: that reading it back relies on.
_REQUIRED = {
    "models": frozenset({"label", "db_table"}),
    "relations": frozenset({"source", "field", "target", "kind", "on_delete"}),
}


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
