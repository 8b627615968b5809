"""Every JSON file the command line reads is untrusted: bounded, checked
against the published JSON Schema, and refused with exit 2 and a message
that names the place (never a traceback); what erviz writes keeps the same
schemas."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from erviz.review import reading
from tests.contracts import assert_keeps_contract


def export(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "schema.json"
    call_command("erviz", "export", "-a", "-o", str(path))
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def refused(*args: Any) -> str:
    with pytest.raises(CommandError) as error:
        call_command("erviz", *map(str, args), stdout=StringIO(), stderr=StringIO())
    assert error.value.returncode == 2, error.value
    return str(error.value)


def test_the_export_diff_and_baseline_keep_their_published_schemas(tmp_path):
    document = export(tmp_path)
    assert_keeps_contract(document, "export")
    changed = json.loads(json.dumps(document))
    changed["relations"][0]["on_delete"] = "PROTECT"
    del changed["models"][-1]
    (tmp_path / "old.json").write_text(json.dumps(changed))
    out = StringIO()
    call_command("erviz", "diff", tmp_path / "old.json", "--format", "json", stdout=out)
    diff = json.loads(out.getvalue())
    assert diff["changes"], "the diff must have changes to check"
    assert_keeps_contract(diff, "diff")
    baseline = tmp_path / "baseline.json"
    call_command("erviz", "lint", "--write-baseline", baseline, stdout=StringIO())
    assert_keeps_contract(json.loads(baseline.read_text()), "baseline")


def hostile_exports(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each hostile change of ``document``, as the file's text and a part of
    the message that refuses it."""

    def edited(change: Any) -> str:
        copy = json.loads(json.dumps(document))
        if document:
            change(copy)
        return json.dumps(copy)

    def set_(path: list[Any], value: Any) -> Any:
        def change(doc: Any) -> None:
            for part in path[:-1]:
                doc = doc[part]
            doc[path[-1]] = value

        return change

    return {
        "a 5,000-digit integer": (
            edited(set_(["relations", 0, "source"], 0)).replace(
                '"source": 0', '"source": ' + "9" * 5000, 1
            ),
            "a number of 5000 digits",
        ),
        "a list where a label belongs": (
            edited(set_(["models", 0, "label"], ["x"])),
            "models[0].label: ['x'] is not of type 'string'",
        ),
        "a dict where a relation belongs": (
            edited(set_(["relations", 1], {"a": 1})),
            "relations[1]: 'source' is a required property",
        ),
        "a dict where a relation's source belongs": (
            edited(set_(["relations", 0, "source"], {"a": 1})),
            "relations[0].source",
        ),
        "erviz_schema true": (
            edited(set_(["erviz_schema"], True)),
            "erviz_schema true",
        ),
        "erviz_schema 1.0": (edited(set_(["erviz_schema"], 1.5)), "erviz_schema 1.5"),
        "an unknown kind": (
            edited(set_(["relations", 0, "kind"], "teleport")),
            "relations[0].kind: 'teleport' is not one of",
        ),
        "a field that is not an object": (
            edited(set_(["models", 0, "fields", 0], "id")),
            "models[0].fields[0]: 'id' is not of type 'object'",
        ),
        "NaN": (
            edited(set_(["models", 0, "label"], 0)).replace(
                '"label": 0', '"label": NaN', 1
            ),
            "NaN, which is not JSON",
        ),
        "deep nesting json accepts": (
            edited(set_(["models", 0, "extra"], 0)).replace(
                '"extra": 0', '"extra": ' + "[" * 500 + "]" * 500, 1
            ),
            "nests more than 32 levels deep",
        ),
        "deep nesting json refuses": ("[" * 100_000 + "]" * 100_000, "levels deep"),
        "bytes that are not UTF-8": ("\udcff", "is not UTF-8 text"),
    }


HOSTILE = list(hostile_exports({}))  # the names, for the test ids


@pytest.mark.parametrize("case", HOSTILE)
def test_diff_refuses_each_hostile_file_on_either_side(tmp_path, case):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(export(tmp_path)))
    content, message = hostile_exports(json.loads(good.read_text()))[case]
    bad = tmp_path / "bad.json"
    bad.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert message in refused("diff", bad, good)
    assert message in refused("diff", good, bad)
    assert message in refused("diff", bad)  # against the live project


@pytest.mark.parametrize(
    "case", ["a 5,000-digit integer", "a list where a label belongs"]
)
def test_export_check_refuses_a_hostile_committed_export(tmp_path, case):
    committed = tmp_path / "committed.json"
    content, message = hostile_exports(export(tmp_path))[case]
    committed.write_text(content)
    assert message in refused("export", "-a", "--check", committed)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"erviz_lint_baseline": true, "findings": []}', "baseline: 1 was expected"),
        ('{"erviz_lint_baseline": 1, "findings": [1]}', "findings[0]: 1 is not"),
        ('{"erviz_lint_baseline": 1, "findings": {"L001:a.B": 1}}', "findings:"),
        ('{"erviz_lint_baseline": 1, "findings": ["anything"]}', "does not match"),
        ('{"erviz_lint_baseline": 1, "findings": ' + "[" * 100_000, "levels deep"),
        ('{"erviz_lint_baseline": 1, "n": ' + "1" * 5000 + "}", "5000 digits"),
    ],
)
def test_lint_refuses_a_hostile_baseline(tmp_path, content, message):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content)
    assert message in refused("lint", "--baseline", baseline)


def test_a_file_larger_than_the_bound_is_not_read_whole(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_text(json.dumps(export(tmp_path)))
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    assert "is larger than" in refused("diff", big)
    assert "is larger than" in refused("lint", "--baseline", big)
    assert "is larger than" in refused("export", "-a", "--check", big)


def test_a_newer_erviz_may_add_fields(tmp_path):
    """Fields are only ever added within a version: a reader accepts ones it
    does not know."""
    document = export(tmp_path)
    document["added_later"] = {"anything": [1, 2]}
    document["models"][0]["added_later"] = True
    document["relations"][0]["added_later"] = "x"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(document))
    out = StringIO()
    call_command("erviz", "diff", newer, stdout=out)
    assert out.getvalue() == "No schema changes.\n"
