"""What erviz prints cannot be read as anything but text: a model's
``__str__``, a label or a table name from a committed file that holds a line
break and ``::error`` cannot start a GitHub Actions workflow command in a CI
log, an escape sequence cannot rewrite the terminal, and a backtick cannot
end a Markdown code span early."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

HOSTILE = "t\n::error file=x.py::pwned\x1b[31m\r``</code>`"


def erviz(*args: str) -> str:
    out = StringIO()
    call_command("erviz", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def assert_plain(output: str) -> None:
    assert "pwned" in output, "the hostile text is printed, as text"
    for line in output.splitlines():
        assert not line.lstrip().startswith("::"), line
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", output)


@pytest.fixture
def hostile_export(tmp_path: Path) -> tuple[str, str]:
    """A committed export, and one whose table name someone made hostile."""
    old = tmp_path / "old.json"
    erviz("export", "demo_models", "--format", "json", "-o", str(old))
    document = json.loads(old.read_text())
    for model in document["models"]:
        if model["label"] == "demo_models.Book":
            model["db_table"] = HOSTILE
    new = tmp_path / "new.json"
    new.write_text(json.dumps(document))
    return str(old), str(new)


def test_the_text_diff_prints_a_hostile_name_on_one_line(hostile_export):
    assert_plain(erviz("diff", *hostile_export))


def test_the_markdown_diff_keeps_a_hostile_name_inside_its_code_span(hostile_export):
    output = erviz("diff", *hostile_export, "--format", "markdown")
    assert_plain(output)
    (line,) = [line for line in output.splitlines() if "pwned" in line]
    fence = re.match(r"- (`+)", line)
    assert fence and line.endswith(fence.group(1))
    inner = line[len(fence.group(0)) : -len(fence.group(1))]
    assert fence.group(1) not in inner  # nothing inside closes the span


def test_export_check_prints_a_hostile_committed_file_as_text(tmp_path):
    committed = tmp_path / "models.mmd"
    committed.write_text(f"erDiagram\n{HOSTILE}\n")
    with pytest.raises(CommandError):  # stale: exit 1
        call_command(
            "erviz", "export", "demo_models", "--check", str(committed),
            stdout=(out := StringIO()), stderr=StringIO(),
        )  # fmt: skip
    assert_plain(out.getvalue())


def test_rows_and_cascade_print_a_hostile_str_on_one_line():
    from tests.factories import create_book

    book = create_book()
    book.publisher.name = HOSTILE
    book.publisher.save()
    assert_plain(erviz("rows", "demo_models.Book", "--pk", str(book.pk)))
    assert_plain(
        erviz("cascade", "demo_models.Publisher", "--pk", str(book.publisher.pk))
    )
