"""``erviz lint``: each rule fires on a realistic model and stays silent on
the correct version of it; silencing; the demo and contrib reports."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import models
from django.test.utils import isolate_apps

from erviz.review.lint import RULES, Finding, lint
from erviz.schema import build_schema

APP = "reviewapp"


def meta(**options: Any) -> type:
    return type("Meta", (), {"app_label": APP, **options})


def findings(define: Callable[[], None]) -> list[tuple[str, str]]:
    """Lint the models ``define`` declares, in an isolated registry."""
    with isolate_apps(f"tests.{APP}") as registry:
        assert registry is not None
        define()
        found = lint(build_schema(registry), frozenset({APP}), registry)
    return [(f.rule.id, f.subject) for f in found]


def rule(found: list[tuple[str, str]], rule_id: str) -> list[str]:
    return [subject for r, subject in found if r == rule_id]


# -- L001 cascade-from-hub ---------------------------------------------------


def cascade_chain(protect: bool, guarded: bool = False) -> Callable[[], None]:
    """A club that twelve models point at (a hub), cascading or not, and
    with an invoice that PROTECTs it or not."""

    def define() -> None:
        club = type("Club", (models.Model,), {"__module__": __name__, "Meta": meta()})
        if guarded:
            type(
                "Invoice",
                (models.Model,),
                {
                    "__module__": __name__,
                    "Meta": meta(),
                    "club": models.ForeignKey(club, models.PROTECT),
                },
            )
        for number in range(12):
            type(
                f"Record{number}",
                (models.Model,),
                {
                    "__module__": __name__,
                    "Meta": meta(),
                    "club": models.ForeignKey(
                        club,
                        models.PROTECT if protect else models.CASCADE,
                        related_name="+",
                    ),
                },
            )

    return define


def test_l001_fires_when_deleting_a_hub_row_wipes_many_models():
    assert rule(findings(cascade_chain(protect=False)), "L001") == ["reviewapp.Club"]


def test_l001_silent_when_the_hub_is_protected():
    assert rule(findings(cascade_chain(protect=True)), "L001") == []


def lint_of(define: Callable[[], None]) -> list[Finding]:
    with isolate_apps(f"tests.{APP}") as registry:
        assert registry is not None
        define()
        return lint(build_schema(registry), frozenset({APP}), registry)


def test_l001_names_the_guards_and_suggests_no_protect_where_they_exist():
    """A hub whose cascade a PROTECT relation refuses while its rows exist:
    a note naming that relation, without "use PROTECT" as the fix."""

    define = cascade_chain(protect=False, guarded=True)

    from erviz.review.levels import level_of

    (finding,) = [f for f in lint_of(define) if f.rule.id == "L001"]
    assert (
        "refused while rows point at it through reviewapp.Invoice.club (PROTECT)"
        in (finding.message)
    )
    assert "PROTECT or SET_NULL" in finding.rule.hint
    assert "Use PROTECT" not in finding.hint
    assert level_of(finding, {"LINT_LEVELS": {}}) == "note"
    assert level_of(finding, {"LINT_LEVELS": {"L001": "error"}}) == "error"
    (unguarded,) = [
        f for f in lint_of(cascade_chain(protect=False)) if f.rule.id == "L001"
    ]
    assert unguarded.hint == unguarded.rule.hint
    assert level_of(unguarded, {"LINT_LEVELS": {}}) == "warning"


# -- L002 unexplained-dangling-reference -------------------------------------


def test_l002_fires_on_do_nothing_and_no_constraint_without_a_reason():
    def define() -> None:
        class Account(models.Model):
            Meta = meta()

        class Event(models.Model):
            Meta = meta()
            account = models.ForeignKey(Account, models.DO_NOTHING)
            mirror = models.ForeignKey(
                Account, models.CASCADE, db_constraint=False, related_name="+"
            )

    assert rule(findings(define), "L002") == [
        "reviewapp.Event.account",
        "reviewapp.Event.mirror",
    ]


def test_l002_silent_when_help_text_says_why():
    def define() -> None:
        class Account(models.Model):
            Meta = meta()

        class Event(models.Model):
            Meta = meta()
            account = models.ForeignKey(
                Account,
                models.DO_NOTHING,
                db_constraint=False,
                help_text="Audit rows outlive accounts.",
            )

    assert rule(findings(define), "L002") == []


# -- L003 generic-foreign-key-without-index ----------------------------------


def generic(indexed: bool) -> Callable[[], None]:
    def define() -> None:
        indexes = [models.Index(fields=["content_type", "object_id"])]

        class Attachment(models.Model):
            Meta = meta(indexes=indexes if indexed else [])
            content_type = models.ForeignKey(ContentType, models.CASCADE)
            object_id = models.PositiveIntegerField()
            target = GenericForeignKey("content_type", "object_id")

    return define


def test_l003_fires_on_an_unindexed_generic_foreign_key():
    assert rule(findings(generic(False)), "L003") == ["reviewapp.Attachment.target"]


def test_l003_silent_with_the_index():
    assert rule(findings(generic(True)), "L003") == []


def test_l003_silent_where_a_unique_constraint_covers_the_pair():
    def define() -> None:
        unique = models.UniqueConstraint(
            fields=["object_id", "content_type", "kind"], name="one_kind_each"
        )

        class Attachment(models.Model):
            Meta = meta(constraints=[unique])
            content_type = models.ForeignKey(ContentType, models.CASCADE)
            object_id = models.PositiveIntegerField()
            kind = models.CharField(max_length=10)
            target = GenericForeignKey("content_type", "object_id")

    assert rule(findings(define), "L003") == []


def test_l003_is_a_note_where_each_column_has_its_own_index():
    def define() -> None:
        class Attachment(models.Model):
            Meta = meta()
            content_type = models.ForeignKey(ContentType, models.CASCADE)
            object_id = models.PositiveIntegerField(db_index=True)
            target = GenericForeignKey("content_type", "object_id")

    from erviz.review.levels import level_of

    (finding,) = [f for f in lint_of(define) if f.rule.id == "L003"]
    assert "each lead an index of their own" in finding.message
    assert 'fields=["content_type", "object_id"]' in finding.hint
    assert level_of(finding, {"LINT_LEVELS": {}}) == "note"


# -- L004 ambiguous-reverse-accessor -----------------------------------------


def two_links(both_named: bool) -> Callable[[], None]:
    def define() -> None:
        class Person(models.Model):
            Meta = meta()

        class Loan(models.Model):
            Meta = meta()
            borrower = models.ForeignKey(
                Person,
                models.CASCADE,
                related_name="borrowed_loans" if both_named else None,
            )
            guarantor = models.ForeignKey(
                Person, models.CASCADE, related_name="guaranteed_loans"
            )

    return define


def test_l004_fires_when_only_one_of_two_links_is_named():
    assert rule(findings(two_links(False)), "L004") == ["reviewapp.Loan.borrower"]


def test_l004_silent_when_both_are_named():
    assert rule(findings(two_links(True)), "L004") == []


@pytest.mark.parametrize(
    ("siblings", "expected"),
    [(["+"], []), (["guaranteed_loans", "witnessed+"], ["reviewapp.Loan.borrower"])],
)
def test_l004_counts_only_relations_with_an_accessor(siblings, expected):
    """A hidden relation (related_name "+") has no accessor: beside it, the
    default accessor is the only one and not ambiguous; nor is a hidden one
    the named sibling."""

    def define() -> None:
        class Person(models.Model):
            Meta = meta()

        fields = {
            f"sibling{n}": models.ForeignKey(Person, models.CASCADE, related_name=name)
            for n, name in enumerate(siblings)
        }
        borrower = models.ForeignKey(Person, models.CASCADE)
        type(
            "Loan",
            (models.Model,),
            {"__module__": __name__, "Meta": meta(), "borrower": borrower, **fields},
        )

    assert rule(findings(define), "L004") == expected


# -- L005 through-model-without-unique ---------------------------------------


def through(unique: bool) -> Callable[[], None]:
    def define() -> None:
        class Student(models.Model):
            Meta = meta()

        class Course(models.Model):
            Meta = meta()
            students = models.ManyToManyField(Student, through="Enrolment")

        constraints = [
            models.UniqueConstraint(
                fields=["student", "course"], name="one_enrolment_per_course"
            )
        ]

        class Enrolment(models.Model):
            Meta = meta(constraints=constraints if unique else [])
            student = models.ForeignKey(Student, models.CASCADE)
            course = models.ForeignKey(Course, models.CASCADE)

    return define


def test_l005_fires_on_a_through_model_without_unique_pair():
    assert rule(findings(through(False)), "L005") == ["reviewapp.Enrolment"]


def test_l005_silent_with_a_unique_constraint():
    assert rule(findings(through(True)), "L005") == []


# -- L006 set-null-on-unique -------------------------------------------------


def seat(on_delete: Any) -> Callable[[], None]:
    def define() -> None:
        class Guest(models.Model):
            Meta = meta()

        class Table(models.Model):
            Meta = meta()

        class Seat(models.Model):
            Meta = meta(unique_together=[("table", "guest")])
            table = models.ForeignKey(Table, models.CASCADE)
            guest = models.ForeignKey(Guest, on_delete, null=True)

    return define


def test_l006_fires_on_set_null_inside_unique_together():
    assert rule(findings(seat(models.SET_NULL)), "L006") == ["reviewapp.Seat.guest"]


def test_l006_silent_with_cascade():
    assert rule(findings(seat(models.CASCADE)), "L006") == []


# -- silencing ---------------------------------------------------------------


def test_a_marker_comment_silences_its_field_only():
    def define() -> None:
        class Account(models.Model):
            Meta = meta()

        class Event(models.Model):
            Meta = meta()
            account = models.ForeignKey(  # erviz: ignore[L002]
                Account, models.DO_NOTHING
            )
            copy = models.ForeignKey(Account, models.DO_NOTHING, related_name="+")

    assert rule(findings(define), "L002") == ["reviewapp.Event.copy"]


def test_the_setting_silences_by_rule_and_model(settings):
    settings.ERVIZ = {"LINT_IGNORE": {"L004": ["reviewapp.Loan"], "L003": "*"}}
    assert findings(two_links(False)) == []
    assert findings(generic(False)) == []
    settings.ERVIZ = {"LINT_IGNORE": {"L004": ["other.*"]}}
    assert findings(two_links(False)) == [("L004", "reviewapp.Loan.borrower")]


# -- whole projects ------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("erviz", "lint", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


#: What the demo deliberately contains: Django's own Membership example,
#: where only ``inviter`` has a related_name.
DEMO_FINDINGS = [("L004", "demo_models", "person")]


def test_the_demo_reports_only_its_deliberate_findings():
    status, out = run("demo_models", "--format", "json")
    found = json.loads(out)["findings"]
    assert status == 1
    assert [(f["rule"], f["model"].split(".")[0], f["field"]) for f in found] == (
        DEMO_FINDINGS
    )
    assert found[0]["model"] == "demo_models.Membership" and found[0]["hint"]


def test_contrib_apps_report_nothing():
    contrib = ["auth", "admin", "contenttypes", "sessions", "sites"]
    assert run(*contrib, "--format", "json") == (0, '{\n  "findings": []\n}\n')


def test_unknown_app_is_a_usage_error():
    with pytest.raises(CommandError, match="Unknown app label") as error:
        call_command("erviz", "lint", "nope", stdout=StringIO())
    assert error.value.returncode == 2


def test_findings_are_system_check_warnings_when_turned_on(settings):
    assert not [m for m in checks.run_checks() if m.id == "erviz.W004"]
    settings.ERVIZ = {"LINT_CHECKS": True}
    warnings = [m for m in checks.run_checks() if m.id and m.id.startswith("erviz.W")]
    expected = [(f"erviz.W{f.rule.id[1:]}", f.subject) for f in lint(build_schema())]
    assert ("erviz.W004", "demo_models.Membership.person") in expected
    assert [(m.id, m.msg.split(":")[0]) for m in warnings] == expected


def test_findings_document_is_complete():
    finding = lint(build_schema(), frozenset({"demo_models"}))[0]
    assert isinstance(finding, Finding)
    assert set(finding.document()) == {
        "rule",
        "name",
        "model",
        "field",
        "message",
        "hint",
    }


@pytest.fixture
def toy_rule():
    """A rule of one registration: every model named Book."""
    from erviz.review import lint as lint_module

    @lint_module.rule("L999", "toy-books", "Books are flagged.", "Rename them.")
    def _books(schema, config):
        for model in schema.models:
            if model.name == "Book":
                yield model.label, None, "a book"

    yield
    del lint_module.RULES["L999"]


def test_a_lint_rule_is_one_registration(toy_rule, settings):
    import json
    from io import StringIO

    found = [f for f in lint(build_schema()) if f.rule.id == "L999"]
    assert [f.subject for f in found] == ["demo_models.Book"]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("erviz", "lint", "--format", "json", stdout=out)
    assert "L999" in {f["rule"] for f in json.loads(out.getvalue())["findings"]}
    settings.ERVIZ = {"LINT_CHECKS": True}
    assert "erviz.W999" in {m.id for m in checks.run_checks()}


def test_findings_read_as_a_result_on_the_command_line(tmp_path):
    """Exit status 1 with findings, said as a result: not Django's
    "CommandError: ..." of a command that crashed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "manage.py", "erviz", "lint"],
        cwd=Path(__file__).resolve().parent.parent,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'lint.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "CommandError" not in result.stderr and "Traceback" not in result.stderr
    assert re.search(r"erviz lint: \d+ findings?: exit status 1\.", result.stderr)


def lint_output(*args: str) -> str:
    out = StringIO()
    with pytest.raises(CommandError):  # the demo has a finding: exit status 1
        call_command("erviz", "lint", *args, stdout=out)
    return out.getvalue()


def test_sarif_is_valid_and_points_at_the_fields_line():
    from sarif_pydantic import Sarif

    document = json.loads(lint_output("--format", "sarif"))
    Sarif.model_validate(document)  # the SARIF 2.1.0 object model
    run = document["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)
    assert run["tool"]["driver"]["name"] == "erviz"
    results = run["results"]
    assert results and all(r["ruleId"] in RULES for r in results)
    for result in results:
        place = result["locations"][0]["physicalLocation"]
        path = Path(place["artifactLocation"]["uri"])
        assert not path.is_absolute()  # relative to the project root (cwd)
        line = path.read_text().splitlines()[place["region"]["startLine"] - 1]
        field = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        assert f"{field.rsplit('.', 1)[1]} = " in line, line


def test_github_annotations_name_file_line_and_rule():
    lines = lint_output("--format", "github").splitlines()
    assert lines
    for line in lines:
        assert re.match(r"::warning file=[^,]+,line=\d+,title=L\d{3} [a-z-]+::\S", line)


def test_json_findings_carry_file_and_line_and_root_changes_paths(tmp_path):
    findings = json.loads(lint_output("--format", "json"))["findings"]
    assert findings and all(f["file"] and f["line"] for f in findings)
    elsewhere = json.loads(lint_output("--format", "json", "--root", str(tmp_path)))
    assert all(Path(f["file"]).is_absolute() for f in elsewhere["findings"])


def test_a_model_without_source_has_no_location():
    from erviz.review.locations import locate

    assert locate("demo_models.Nope", None) is None
    assert locate("demo_models.Book", None) is not None


def test_a_baseline_accepts_todays_findings_and_fails_only_new_ones(tmp_path):
    baseline = tmp_path / "baseline.json"
    out = StringIO()
    call_command("erviz", "lint", "--write-baseline", str(baseline), stdout=out)
    document = json.loads(baseline.read_text())
    assert document["erviz_lint_baseline"] == 1 and document["findings"]
    assert "accepted" in out.getvalue()
    err = StringIO()
    call_command(
        "erviz", "lint", "--baseline", str(baseline), stdout=StringIO(), stderr=err
    )  # no exception: every finding is accepted
    assert "in the baseline not shown" in err.getvalue()
    # A finding not in the baseline fails again.
    baseline.write_text(json.dumps({"erviz_lint_baseline": 1, "findings": []}))
    with pytest.raises(CommandError):
        call_command("erviz", "lint", "--baseline", str(baseline), stdout=StringIO())


@pytest.mark.parametrize("content", ["not json", '{"findings": []}', "[1, 2]"])
def test_a_bad_baseline_is_a_clear_exit_2(tmp_path, content):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content)
    with pytest.raises(CommandError) as error:
        call_command("erviz", "lint", "--baseline", str(baseline), stdout=StringIO())
    assert error.value.returncode == 2


def test_rule_levels_shape_sarif_github_and_the_exit_status(settings):
    rule_id = json.loads(lint_output("--format", "json"))["findings"][0]["rule"]
    settings.ERVIZ = {"LINT_LEVELS": {rule_id: "note"}}
    document = json.loads(lint_output("--format", "sarif"))
    levels = {(r["ruleId"], r["level"]) for r in document["runs"][0]["results"]}
    assert {level for rule, level in levels if rule == rule_id} == {"note"}
    assert {level for rule, level in levels if rule != rule_id} <= {"warning"}
    github = lint_output("--format", "github").splitlines()
    assert all(
        line.startswith("::notice ") == (f"title={rule_id} " in line) for line in github
    )
    # Notes alone do not fail at --fail-level warning.
    settings.ERVIZ = {"LINT_LEVELS": dict.fromkeys(RULES, "note")}
    call_command(
        "erviz", "lint", "--fail-level", "warning", stdout=StringIO(), stderr=StringIO()
    )
    settings.ERVIZ = {"LINT_LEVELS": {rule_id: "error"}}
    assert any(
        line.startswith("::error ")
        for line in lint_output("--format", "github").splitlines()
    )


def test_the_pre_commit_hooks_run_commands_that_exist(tmp_path):
    """Each hook's entry is an erviz command this version has."""
    import shlex

    import yaml

    root = Path(__file__).resolve().parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"erviz-lint", "erviz-export-check"}
    for hook in hooks:
        words = shlex.split(hook["entry"])
        assert words[:3] == ["python", "manage.py", "erviz"]
        assert hook["language"] == "system" and hook["pass_filenames"] is False
        committed = tmp_path / "schema.json"
        call_command("erviz", "export", "--format", "json", "-o", str(committed))
        args = [str(committed)] if hook["id"] == "erviz-export-check" else []
        try:
            call_command(*words[2:], *args, stdout=StringIO(), stderr=StringIO())
        except CommandError as error:
            assert error.returncode == 1  # findings: a result, not a usage error
