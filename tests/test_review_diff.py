"""``erviz diff`` and ``erviz export --check`` on two versions of a model set
built in Django's isolated app registries."""

from __future__ import annotations

import json
import re
import shlex
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import models
from django.test.utils import isolate_apps

from erviz.management.commands.erviz import Command as ErvizCommand
from erviz.render.json_export import schema_document
from erviz.schema import build_schema

APP = "reviewapp"


def version(new: bool) -> dict[str, Any]:
    """The same shop before and after a pull request that makes every kind
    of change once."""
    with isolate_apps(f"tests.{APP}") as registry:

        def meta(**options: Any) -> type:
            return type("Meta", (), {"app_label": APP, **options})

        class Customer(models.Model):
            Meta = meta()

        class Address(models.Model):
            Meta = meta()

        class Coupon(models.Model):
            Meta = meta()

        class Tag(models.Model):
            Meta = meta()

        attrs: dict[str, Any] = {
            "__module__": __name__,
            "Meta": meta(),
            # PROTECT → CASCADE: the delete that was refused now wipes orders.
            "customer": models.ForeignKey(
                Customer, models.CASCADE if new else models.PROTECT
            ),
            # null False → True.
            "coupon": models.ForeignKey(
                Coupon, models.CASCADE, null=new, related_name="orders"
            ),
            # target Address → Customer.
            "shipping": models.ForeignKey(
                Customer if new else Address,
                models.CASCADE,
                related_name="shipped_orders",
            ),
            # kind foreign_key → one_to_one.
            "receipt": (models.OneToOneField if new else models.ForeignKey)(
                Address, models.CASCADE, related_name="receipt_orders"
            ),
            # reverse_accessor: a new related_name.
            "voucher": models.ForeignKey(
                Coupon,
                models.CASCADE,
                related_name="redeemed_orders" if new else "voucher_orders",
            ),
        }
        if new:
            order_tag: Any = type(
                "OrderTag",
                (models.Model,),
                {"__module__": __name__, "Meta": meta()},
            )
            attrs["tags"] = models.ManyToManyField(Tag, through="OrderTag")
        else:
            legacy = type(
                "Legacy", (models.Model,), {"__module__": __name__, "Meta": meta()}
            )
            attrs["tags"] = models.ManyToManyField(Tag)
            attrs["legacy"] = models.ForeignKey(legacy, models.CASCADE)
        order = type("Order", (models.Model,), attrs)
        if new:
            order_tag.add_to_class("order", models.ForeignKey(order, models.CASCADE))
            order_tag.add_to_class("tag", models.ForeignKey(Tag, models.CASCADE))
            type(
                "Invoice",
                (models.Model,),
                {
                    "__module__": __name__,
                    "Meta": meta(),
                    "order": models.ForeignKey(order, models.PROTECT),
                },
            )
        type(
            "OrderNote",
            (models.Model,),
            {
                "__module__": __name__,
                "Meta": meta(db_table="order_notes" if new else "old_notes"),
                "order": models.ForeignKey(
                    order, models.CASCADE, db_constraint=not new
                ),
                # renamed: author → writer.
                ("writer" if new else "author"): models.ForeignKey(
                    Customer, models.CASCADE, related_name="+"
                ),
            },
        )
        return schema_document(build_schema(registry))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("exports")
    old, new = folder / "old.json", folder / "new.json"
    old.write_text(json.dumps(version(new=False)))
    new.write_text(json.dumps(version(new=True)))
    return old, new


def run(*args: Any) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("erviz", *map(str, args), stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


EXPECTED = sorted(
    [
        ("model_removed", "reviewapp.Legacy", None),
        ("model_removed", "reviewapp.Order_tags", None),
        ("model_added", "reviewapp.Invoice", None),
        ("model_added", "reviewapp.OrderTag", None),
        ("table_renamed", "reviewapp.OrderNote", "db_table"),
        ("relation_removed", "reviewapp.Order.legacy", None),
        ("relation_removed", "reviewapp.OrderNote.author", None),
        ("relation_added", "reviewapp.Invoice.order", None),
        ("relation_added", "reviewapp.OrderNote.writer", None),
        ("relation_added", "reviewapp.OrderTag.order", None),
        ("relation_added", "reviewapp.OrderTag.tag", None),
        ("relation_changed", "reviewapp.Order.customer", "on_delete"),
        ("relation_changed", "reviewapp.Order.coupon", "null"),
        ("relation_changed", "reviewapp.Order.shipping", "target"),
        ("relation_changed", "reviewapp.Order.receipt", "kind"),
        ("relation_changed", "reviewapp.Order.voucher", "reverse_accessor"),
        ("relation_changed", "reviewapp.Order.tags", "through"),
        ("relation_changed", "reviewapp.OrderNote.order", "db_constraint"),
    ],
    key=str,
)


def test_every_kind_of_change_is_reported_exactly_once(exports):
    status, out = run("diff", *exports, "--format", "json")
    report = json.loads(out)
    changes = sorted(
        ((c["kind"], c["subject"], c["fact"]) for c in report["changes"]), key=str
    )
    assert status == 0 and changes == EXPECTED
    by_subject = {c["subject"]: c for c in report["changes"]}
    assert by_subject["reviewapp.Order.customer"]["before"] == "PROTECT"
    assert by_subject["reviewapp.Order.customer"]["after"] == "CASCADE"
    assert report["possible_renames"] == [
        ["reviewapp.OrderNote.author", "reviewapp.OrderNote.writer"]
    ]


@pytest.mark.parametrize(
    ("fail_on", "forward", "backward", "same"),
    [
        ("any", 1, 1, 0),
        ("removed", 1, 1, 0),
        ("added", 1, 1, 0),
        ("changed", 1, 1, 0),
        # PROTECT → CASCADE weakens; CASCADE → PROTECT does not.
        ("on_delete-weakened", 1, 0, 0),
    ],
)
def test_fail_on_sets_the_exit_status(exports, fail_on, forward, backward, same):
    old, new = exports
    assert run("diff", old, new, "--fail-on", fail_on)[0] == forward
    assert run("diff", new, old, "--fail-on", fail_on)[0] == backward
    assert run("diff", old, old, "--fail-on", fail_on)[0] == same


def test_text_names_each_change_and_states_renames(exports):
    _status, out = run("diff", *exports)
    assert out.startswith(f"{len(EXPECTED)} schema changes: ")
    assert "relation reviewapp.Order.customer: on_delete 'PROTECT' → 'CASCADE'" in out
    assert "a renamed field shows as one relation removed and one added" in out
    assert "reviewapp.OrderNote.author → reviewapp.OrderNote.writer?" in out


MERMAID_LINE = re.compile(
    r"""^(erDiagram
    |\s*%%.*
    |\s*\w+\["[^"]*"\]\s\{
    |\s*\w+\s\w+(\s(PK|FK))?(\s"[^"]*")?
    |\s*}
    |\s*\w+\s[|}o][|o]--[|o][|{o]\s\w+\s:\s"[^"]*"
    |\s*\w+\s[|}o][|o]\.\.[|o][|{o]\s\w+\s:\s"[^"]*")$""",
    re.VERBOSE,
)


def test_markdown_has_a_mermaid_diagram_of_the_changed_relations(exports):
    _status, out = run("diff", *exports, "--format", "markdown")
    block = re.search(r"```mermaid\n(.*?)\n```", out, re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[0] == "erDiagram"
    assert [line for line in lines if not MERMAID_LINE.match(line)] == []
    for field in ("customer", "coupon", "shipping", "receipt", "voucher", "tags"):
        assert any(f'"{field} / ' in line for line in lines), field
    assert "- ⚠ `relation reviewapp.Order.customer: on_delete" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "is not an erviz export"),
        ('{"erviz_schema": 99, "models": [], "relations": []}', "erviz_schema 99"),
        ('{"erviz_schema": 1, "models": []}', "'relations' is a required property"),
        ("[" * 100_000 + "]" * 100_000, "nests more than 32 levels deep"),
        (
            '{"erviz_schema": 1, "models": [{"label": "a.B"}], "relations": []}',
            "models[0]: 'db_table' is a required property",
        ),
        (
            '{"erviz_schema": 1, "models": [], "relations": [{"source": "a.B"}]}',
            "relations[0]: 'field' is a required property",
        ),
    ],
)
def test_files_that_are_not_exports_are_usage_errors(
    tmp_path, exports, content, message
):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        call_command("erviz", "diff", str(bad), str(exports[1]), stdout=StringIO())
    assert error.value.returncode == 2


def test_diff_against_the_live_project(tmp_path):
    committed = tmp_path / "schema.json"
    call_command("erviz", "export", "-a", "-o", str(committed))
    assert run("diff", committed, "--fail-on", "any") == (0, "No schema changes.\n")
    document = json.loads(committed.read_text())
    book = next(
        r for r in document["relations"] if r["id"] == "demo_models.Book.publisher"
    )
    book["on_delete"] = "RESTRICT"
    committed.write_text(json.dumps(document))
    status, out = run("diff", committed, "--fail-on", "on_delete-weakened")
    assert status == 0 and "demo_models.Book.publisher: on_delete" in out


@pytest.mark.parametrize("extension", ["json", "mmd", "puml", "dot"])
def test_export_check_finds_a_stale_committed_diagram(tmp_path, extension):
    committed = tmp_path / f"models.{extension}"
    call_command("erviz", "export", "demo_models", "-o", str(committed))
    assert run("export", "demo_models", "--check", committed) == (
        0,
        f"{committed} is up to date.\n",
    )
    text = committed.read_text()
    stale = text.replace("publisher", "publishing_house")
    assert stale != text
    committed.write_text(stale)
    status, out = run("export", "demo_models", "--check", committed)
    assert status == 1 and out.startswith(f"{committed} is stale: ")
    assert "publisher" in out


def test_readmes_ci_recipe_is_a_workflow_of_real_erviz_commands():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    recipe = re.search(r"```yaml\n(.*?)```", readme, re.S)
    assert recipe is not None
    workflow = yaml.safe_load(recipe.group(1))
    steps = workflow["jobs"]["erviz"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps).replace("\\\n", " ")
    commands = [
        shlex.split(line.split("manage.py erviz", 1)[1].split(">")[0].split("||")[0])
        for line in scripts.splitlines()
        if "manage.py erviz" in line
    ]
    parser = ErvizCommand().create_parser("manage.py", "erviz")
    used = {parser.parse_args(args).subcommand for args in commands}
    assert used == {"export", "diff", "lint"}
    assert any("markdown" in args for args in commands)
    # Lint's SARIF goes to code scanning, with the permission it needs.
    assert any("sarif" in args and "--baseline" in args for args in commands)
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"].endswith("erviz.sarif")
    assert workflow["permissions"]["security-events"] == "write"


def test_counts_read_as_english_and_markdown_has_one_bullet_each():
    from erviz.review.diff import Change, SchemaDiff
    from erviz.review.diff_report import render_markdown, summary_line

    one = Change("model_added", "demo_models.Book", after="demo_models_book")
    relation = {
        "kind": "foreign_key",
        "source": "demo_models.Book",
        "target": "demo_models.Author",
        "on_delete": None,
    }
    two = Change("relation_added", "demo_models.Book.author", after=relation)
    diff = SchemaDiff((one, two, two))
    assert summary_line(diff) == "3 schema changes: 1 model added, 2 relations added."
    assert summary_line(SchemaDiff((one,))) == "1 schema change: 1 model added."
    markdown = render_markdown(diff, build_schema())
    assert "- •" not in markdown and "- `" in markdown


def test_the_pull_request_picture_leaves_hubs_out_and_stays_small():
    from erviz.review.diff import Change, SchemaDiff
    from erviz.review.diff_report import render_markdown

    relation = {
        "kind": "foreign_key",
        "source": "demo_models.Order",
        "target": "auth.User",
        "on_delete": "SET_NULL",
    }
    diff = SchemaDiff(
        (Change("relation_added", "demo_models.Order.created_by", after=relation),)
    )
    schema = build_schema()
    markdown = render_markdown(diff, schema)
    mermaid = markdown.split("```mermaid")[1]
    assert "demo_models__Order " in mermaid or "demo_models__Order{" in mermaid
    # The user model is an end of the change, but a hub: its neighbours
    # (log entries, groups, permissions...) are not drawn.
    assert "admin__LogEntry" not in mermaid and "auth__Group" not in mermaid
    small = render_markdown(diff, schema, max_models=2)
    assert re.search(r"and \d+ more models? not drawn", small)
    assert small.split("```mermaid")[1].count("{") < mermaid.count("{")
    assert len(markdown) < 50_000


def test_diff_as_sarif_and_github_annotations_points_at_the_live_field(tmp_path):
    from sarif_pydantic import Sarif

    committed = tmp_path / "schema.json"
    call_command("erviz", "export", "-a", "-o", str(committed))
    document = json.loads(committed.read_text())
    book = next(
        r for r in document["relations"] if r["id"] == "demo_models.Book.publisher"
    )
    book["on_delete"] = "RESTRICT"
    committed.write_text(json.dumps(document))
    out = StringIO()
    call_command("erviz", "diff", str(committed), "--format", "sarif", stdout=out)
    sarif = json.loads(out.getvalue())
    Sarif.model_validate(sarif)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "relation_changed"
    place = result["locations"][0]["physicalLocation"]
    line = (
        Path(place["artifactLocation"]["uri"])
        .read_text()
        .splitlines()[place["region"]["startLine"] - 1]
    )
    assert "publisher = " in line
    github = StringIO()
    call_command("erviz", "diff", str(committed), "--format", "github", stdout=github)
    assert re.match(
        r"::(warning|notice) file=[^,]+,line=\d+,title=relation_changed::",
        github.getvalue(),
    )
