"""The published JSON Schemas, held against what erviz writes.

Shared by the project suites (tests/hostile, tests/oddproject,
tests/realworld...): an export of any project keeps the contract, and every
key it writes is one the contract describes.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from erviz.review.reading import Contract, contract_schema


def assert_keeps_contract(document: Any, contract: Contract) -> None:
    schema = contract_schema(contract)
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(document))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    undescribed = sorted(_undescribed(document, schema, schema, "$"))
    assert not undescribed, f"keys the contract does not describe: {undescribed}"


def _undescribed(value: Any, node: dict[str, Any], root: dict[str, Any], at: str):
    """Every object key in ``value`` that ``node`` has no property for."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if isinstance(value, dict) and "properties" in node:
        for key, item in value.items():
            if key not in node["properties"]:
                yield f"{at}.{key}"
            else:
                yield from _undescribed(
                    item, node["properties"][key], root, at + "." + key
                )
    elif isinstance(value, list) and "items" in node:
        for item in value[:200]:
            yield from _undescribed(item, node["items"], root, at + "[]")
