"""Reading the JSON files the command line is given, as untrusted input.

A file handed to ``erviz diff``, ``erviz lint --baseline`` or ``erviz export
--check`` may come from another branch, another erviz or an attacker. It is
read within bounds (its size, its nesting, the digits of a number: Python
refuses integers of more than 4,300 digits with a ValueError, and json
recurses once per level), then checked against the contract erviz publishes
for it, a JSON Schema in ``erviz/review/contracts/``. Whatever fails is a
:class:`FileRejected` whose message names the file, the place in it and
what was expected, for the command to print with exit status 2.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

#: The files erviz reads and publishes a JSON Schema for.
Contract = Literal["export", "baseline", "diff"]

#: Bigger than the export of a 5,000-model project (about 60 MB), small
#: enough to read into memory.
MAX_BYTES = 256 * 1024 * 1024
#: erviz's own documents nest five levels deep.
MAX_DEPTH = 32
#: Digits of a JSON number: a database's 64-bit key has 19 (and a sign).
MAX_NUMBER_CHARACTERS = 24


class FileRejected(ValueError):
    """A file the command line cannot use; the message says why."""


def read_json(path: str | Path, contract: Contract) -> Any:
    """The document in ``path``, checked against ``contract``."""
    return check(parse_json(read_bytes(path), str(path)), contract, str(path))


def read_bytes(path: str | Path) -> bytes:
    """What ``path`` holds, up to :data:`MAX_BYTES`."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise FileRejected(f"Cannot read {path}: {error.strerror}.") from error
    if len(data) > MAX_BYTES:
        raise FileRejected(
            f"{path} is larger than {MAX_BYTES // 2**20} MB: not an erviz file."
        )
    return data


def parse_json(data: bytes | str, name: str) -> Any:
    """The JSON document ``data`` holds, within the bounds above (what it
    holds is for :func:`check` to say)."""
    if len(data) > MAX_BYTES:
        raise FileRejected(f"{name} is larger than {MAX_BYTES // 2**20} MB.")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise FileRejected(f"{name} is not UTF-8 text.") from error
    try:
        document = json.loads(
            text,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        raise FileRejected(
            f"{name} is not JSON ({error.msg}, line {error.lineno})."
        ) from error
    except RecursionError as error:
        raise FileRejected(_too_deep(name)) from error
    except _Refused as refused:
        raise FileRejected(f"{name} holds {refused}.") from refused
    if _depth(document) > MAX_DEPTH:
        raise FileRejected(_too_deep(name))
    return document


def check(document: Any, contract: Contract, name: str) -> Any:
    """``document`` itself when it keeps ``contract``; else a
    :class:`FileRejected` naming the first place that does not."""
    error = best_match(_validator(contract).iter_errors(document))
    if error is None:
        return document
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}"
        for part in error.absolute_path
    ).lstrip(".")
    message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
    raise FileRejected(
        f"{name} does not keep the contract of {_TITLES[contract]}: "
        f"{where or 'the document'}: {message}."
    )


def contract_schema(contract: Contract) -> dict[str, Any]:
    """The published JSON Schema of ``contract``."""
    path = resources.files(__package__).joinpath(f"contracts/{contract}.schema.json")
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


_TITLES = {
    "export": "an erviz export (erviz export --format json)",
    "baseline": "an erviz lint baseline (erviz lint --write-baseline FILE)",
    "diff": "an erviz diff (erviz diff --format json)",
}


@cache
def _validator(contract: Contract) -> Draft202012Validator:
    return Draft202012Validator(contract_schema(contract))


class _Refused(ValueError):
    """A JSON value no erviz file holds (said in the error message)."""


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise _Refused(f"a number of {len(text)} digits")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARACTERS * 4:
        raise _Refused(f"a number of {len(text)} characters")
    return float(text)


def _constant(text: str) -> float:
    raise _Refused(f"{text}, which is not JSON")


def _depth(document: Any) -> int:
    """How deep lists and objects nest in ``document`` (without recursion,
    so that any depth json accepted is measured)."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((item, depth + 1) for item in value)
    return deepest


def _too_deep(name: str) -> str:
    return f"{name} nests more than {MAX_DEPTH} levels deep: not an erviz file."
