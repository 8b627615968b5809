"""Exports are byte-identical to the files recorded in tests/golden/ (a
refactoring must not change a single output byte). Record them again, on
purpose, with ``ERVIZ_RECORD_GOLDEN=1 pytest tests/test_golden_exports.py``
(and under each Django major whose JSON differs: ``NAME.djangoN.json``)."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import django
import pytest
from django.core.management import call_command

GOLDEN = Path(__file__).parent / "golden"
EXPORTS = {
    "apps": ["demo_models", "taggit", "thirdparty"],
    "book-dark": ["--model", "demo_models.Book", "--depth", "2", "--theme", "dark"],
}
FORMATS = ("json", "dot", "mermaid", "plantuml", "svg")


def golden_file(name: str, fmt: str) -> Path:
    specific = GOLDEN / f"{name}.django{django.VERSION[0]}.{fmt}"
    return specific if specific.exists() else GOLDEN / f"{name}.{fmt}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_byte_identical_to_the_recorded_ones(tmp_path, name, fmt):
    output = tmp_path / f"{name}.{fmt}"
    call_command(
        "erviz", "export", *EXPORTS[name], "--format", fmt, "-o", str(output),
        stderr=StringIO(),
    )  # fmt: skip
    expected = golden_file(name, fmt)
    if os.environ.get("ERVIZ_RECORD_GOLDEN"):
        expected.write_bytes(output.read_bytes())
    assert output.read_bytes() == expected.read_bytes(), expected.name
