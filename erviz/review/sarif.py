"""Review findings for code-review surfaces: SARIF 2.1.0 (GitHub code
scanning, most review bots) and GitHub Actions workflow commands, for
``erviz lint`` and ``erviz diff``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .. import __version__
from .diff import Change
from .lint import RULES, Finding
from .locations import Location

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/erviz/django-erviz"
#: GitHub's workflow command for each SARIF level.
_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}
#: One SARIF rule per kind of schema change (``erviz diff``).
CHANGE_RULES = {
    "model_removed": "A model was removed.",
    "model_added": "A model was added.",
    "table_renamed": "A model's table was renamed.",
    "relation_removed": "A relation field was removed.",
    "relation_added": "A relation field was added.",
    "relation_changed": "A fact of a relation changed (on_delete, target, null...).",
    "delete_reach": (
        "Deleting a row of a model reaches other models than before, through "
        "this relation."
    ),
}


def sarif_document(
    findings: Sequence[tuple[Finding, Location | None]],
    levels: dict[Finding, str] | None = None,
    rule_levels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A SARIF log of lint findings: every rule erviz has (at its level in
    ``rule_levels``), and one result per finding (at its level in
    ``levels``), located at its field's (or model's) definition."""
    levels, rule_levels = levels or {}, rule_levels or {}
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.name},
            "fullDescription": {"text": rule.explanation},
            "help": {"text": f"Fix: {rule.hint}"},
            "defaultConfiguration": {"level": rule_levels.get(rule.id, "warning")},
        }
        for rule in RULES.values()
    ]
    results = [
        {
            **_result(
                finding.rule.id,
                levels.get(finding, "warning"),
                f"{finding.subject}: {finding.message}. Fix: {finding.hint}",
                finding.subject,
                where,
            ),
            # The same finding keeps its identity when its line moves.
            "partialFingerprints": {
                "ervizSubject/v1": f"{finding.rule.id}:{finding.subject}"
            },
        }
        for finding, where in findings
    ]
    return _log("erviz", rules, results)


def diff_sarif_document(
    changes: Sequence[Change], locate: Callable[[Change], Location | None]
) -> dict[str, Any]:
    """``erviz diff`` as SARIF: one result per change, a warning where an
    on_delete now deletes rows it kept (or a model or relation is gone), a
    note otherwise, located where the live project defines the subject."""
    rules = [
        {
            "id": kind,
            "name": kind.replace("_", "-"),
            "shortDescription": {"text": text},
            "fullDescription": {"text": text},
        }
        for kind, text in CHANGE_RULES.items()
    ]
    results = [
        _result(
            change.kind,
            _change_level(change),
            change.describe(),
            change.subject,
            locate(change),
        )
        for change in changes
    ]
    return _log("erviz diff", rules, results)


def github_lines(
    findings: Sequence[tuple[Finding, Location | None]],
    levels: dict[Finding, str] | None = None,
) -> list[str]:
    """One workflow command per finding (``::warning``, ``::error`` or
    ``::notice``: an annotation on the pull request's diff where the file
    and line are known)."""
    return [
        _command(
            (levels or {}).get(finding, "warning"),
            f"{finding.rule.id} {finding.rule.name}",
            where,
            f"{finding.subject}: {finding.message}. Fix: {finding.hint}",
        )
        for finding, where in findings
    ]


def diff_github_lines(
    changes: Sequence[Change], locate: Callable[[Change], Location | None]
) -> list[str]:
    return [
        _command(_change_level(change), change.kind, locate(change), change.describe())
        for change in changes
    ]


def _change_level(change: Change) -> str:
    weakened = "on_delete-weakened" in change.tags or "delete-reach" in change.tags
    return "warning" if weakened or change.kind.endswith("removed") else "note"


def _log(
    driver: str, rules: list[dict[str, Any]], results: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": driver,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def _result(
    rule_id: str, level: str, message: str, subject: str, where: Location | None
) -> dict[str, Any]:
    location: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": subject}]}
    if where is not None:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": where.path},
            "region": {"startLine": where.line},
        }
    return {
        "ruleId": rule_id,
        "level": level,
        "message": {"text": message},
        "locations": [location],
    }


def _command(level: str, title: str, where: Location | None, message: str) -> str:
    properties = [f"title={_property(title)}"]
    if where is not None:
        properties[:0] = [f"file={_property(where.path)}", f"line={where.line}"]
    return f"::{_COMMANDS[level]} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    """Escaped as GitHub's workflow commands read a message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
