"""``erviz lint [APP_LABEL ...]``: relations real projects get wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from erviz.conf import get_config
from erviz.render.visible import visible_text
from erviz.review.levels import (
    LEVELS,
    RANK,
    baseline_document,
    identity,
    level_of,
    read_baseline,
    rule_level,
)
from erviz.review.lint import RULES, lint
from erviz.review.lint_report import findings_document
from erviz.review.locations import locate
from erviz.review.reading import FileRejected
from erviz.review.sarif import github_lines, sarif_document

from . import Console
from .output import Verdict, counted, usage, write_file

if TYPE_CHECKING:
    from . import Subcommands


NAME = "lint"


def add_arguments(subcommands: Subcommands) -> None:
    """``erviz lint [APP_LABEL ...]``"""
    lint_parser = subcommands.add_parser(
        "lint",
        help="Relations real projects get wrong: risky cascades and more.",
        description=(
            "Rules: "
            + "; ".join(f"{r.id} {r.name}" for r in RULES.values())
            + ". Exit status 1 on findings. Silence with "
            'ERVIZ["LINT_IGNORE"] or a # erviz: ignore[ID] comment.'
        ),
    )
    lint_parser.add_argument("app_labels", nargs="*", metavar="APP_LABEL")
    lint_parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="text, json, sarif (SARIF 2.1.0, for code scanning) or github "
        "(workflow commands: annotations on the pull request).",
    )
    lint_parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="Findings accepted in FILE (see --write-baseline) neither show nor fail.",
    )
    lint_parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="Write today's findings to FILE as accepted, and exit 0.",
    )
    lint_parser.add_argument(
        "--fail-level",
        choices=LEVELS,
        default="note",
        help='The least level that makes the exit status 1 (ERVIZ["LINT_LEVELS"] '
        "sets a rule's level; default note: every finding fails).",
    )
    lint_parser.add_argument(
        "--root",
        default=".",
        help="Paths in sarif, github and json are relative to this directory "
        "(default: the current one).",
    )


def run(command: Console, options: dict[str, Any]) -> None:
    lint_apps(command, options["app_labels"], options["format"], options)


def lint_apps(
    command: Console, app_labels: list[str], fmt: str, options: dict[str, Any]
) -> None:
    schema = command.schema()
    unknown = sorted(set(app_labels) - set(schema.apps_by_label))
    if unknown:
        raise usage(f"Unknown app label(s): {', '.join(unknown)}.")
    findings = lint(schema, frozenset(app_labels) if app_labels else None)
    if options["write_baseline"]:
        text = json.dumps(baseline_document(findings), indent=2) + "\n"
        write_file(Path(options["write_baseline"]), text.encode())
        command.stdout.write(
            f"{options['write_baseline']}: "
            + counted(len(findings), "finding", "findings")
            + " accepted."
        )
        return
    accepted = len(findings)
    if options["baseline"]:
        try:
            known = read_baseline(options["baseline"])
        except FileRejected as error:
            raise usage(str(error)) from error
        findings = [f for f in findings if identity(f) not in known]
    accepted -= len(findings)
    config = get_config()
    levels = {f: level_of(f, config) for f in findings}
    root = options["root"]
    located = [(f, locate(f.model, f.field, root)) for f in findings]
    if fmt == "json":
        document = findings_document(findings, root)
        command.stdout.write(json.dumps(document, indent=2, sort_keys=True))
    elif fmt == "sarif":
        rule_levels = {rule: rule_level(rule, config) for rule in RULES}
        document = sarif_document(located, levels, rule_levels)
        command.stdout.write(json.dumps(document, indent=2))
    elif fmt == "github":
        for line in github_lines(located, levels):
            command.stdout.write(line)
    else:
        for finding in findings:
            subject, message, hint = (
                visible_text(text)
                for text in (finding.subject, finding.message, finding.hint)
            )
            command.stdout.write(
                f"{command.style.WARNING(finding.rule.id)} {subject}: "
                f"{message}\n    {finding.rule.explanation}\n"
                f"    Fix: {hint}"
            )
        command.stdout.write(counted(len(findings), "finding", "findings") + ".")
    if accepted:
        command.stderr.write(
            f"{counted(accepted, 'finding', 'findings')} in the baseline not shown."
        )
    floor = RANK[options["fail_level"]]
    failing = [f for f in findings if RANK[levels[f]] >= floor]
    if failing:
        level = options["fail_level"]
        at = "" if level == "note" else f" at level {level} or above"
        raise Verdict(
            f"erviz lint: {counted(len(failing), 'finding', 'findings')}{at}: "
            "exit status 1."
        )
