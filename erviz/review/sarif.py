"""Lint findings for code-review surfaces: SARIF 2.1.0 (GitHub code
scanning, most review bots) and GitHub Actions workflow commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .. import __version__
from .diff import Change
from .lint import RULES, Finding
from .locations import Location

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/erviz/django-erviz"


def sarif_document(
    findings: Sequence[tuple[Finding, Location | None]],
    levels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A SARIF log with one run: every rule erviz has, and one result per
    finding, located at its field's (or model's) definition."""
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "erviz",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": rule.id,
                                "name": rule.name,
                                "shortDescription": {"text": rule.name},
                                "fullDescription": {"text": rule.explanation},
                                "help": {"text": f"Fix: {rule.hint}"},
                                "defaultConfiguration": {
                                    "level": (levels or {}).get(rule.id, "warning")
                                },
                            }
                            for rule in RULES.values()
                        ],
                    }
                },
                "results": [
                    _result(f, where, (levels or {}).get(f.rule.id, "warning"))
                    for f, where in findings
                ],
            }
        ],
    }


def _result(finding: Finding, where: Location | None, level: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "level": level,
        "message": {"text": f"{finding.subject}: {finding.message}"},
        "partialFingerprints": {
            "ervizSubject/v1": f"{finding.rule.id}:{finding.subject}"
        },
    }
    location: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": finding.subject}]
    }
    if where is not None:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": where.path},
            "region": {"startLine": where.line},
        }
    result["locations"] = [location]
    return result


#: GitHub's workflow command for each level.
_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def github_lines(
    findings: Sequence[tuple[Finding, Location | None]],
    levels: dict[str, str] | None = None,
) -> list[str]:
    """One workflow command per finding (``::warning``, ``::error`` or
    ``::notice``: an annotation on the pull request's diff where the file
    and line are known)."""
    lines = []
    for finding, where in findings:
        command = _COMMANDS[(levels or {}).get(finding.rule.id, "warning")]
        properties = [f"title={_property(f'{finding.rule.id} {finding.rule.name}')}"]
        if where is not None:
            properties[:0] = [f"file={_property(where.path)}", f"line={where.line}"]
        message = f"{finding.subject}: {finding.message}. Fix: {finding.rule.hint}"
        lines.append(f"::{command} {','.join(properties)}::{_data(message)}")
    return lines


def _data(text: str) -> str:
    """Escaped as GitHub's workflow commands read a message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


#: One SARIF rule per kind of schema change (``erviz diff``).
CHANGE_RULES = {
    "model_removed": "A model was removed.",
    "model_added": "A model was added.",
    "table_renamed": "A model's table was renamed.",
    "relation_removed": "A relation field was removed.",
    "relation_added": "A relation field was added.",
    "relation_changed": "A fact of a relation changed (on_delete, target, null...).",
}


def diff_sarif_document(
    changes: Sequence[Change], locate: Callable[[Change], Location | None]
) -> dict[str, Any]:
    """``erviz diff`` as SARIF: one result per change, a warning where an
    on_delete now deletes rows it kept (or a model or relation is gone), a
    note otherwise, located where the live project defines the subject."""
    results = []
    for change in changes:
        level = (
            "warning"
            if "on_delete-weakened" in change.tags or change.kind.endswith("removed")
            else "note"
        )
        location: dict[str, Any] = {
            "logicalLocations": [{"fullyQualifiedName": change.subject}]
        }
        where = locate(change)
        if where is not None:
            location["physicalLocation"] = {
                "artifactLocation": {"uri": where.path},
                "region": {"startLine": where.line},
            }
        results.append(
            {
                "ruleId": change.kind,
                "level": level,
                "message": {"text": change.describe()},
                "locations": [location],
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "erviz diff",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": kind,
                                "name": kind.replace("_", "-"),
                                "shortDescription": {"text": text},
                                "fullDescription": {"text": text},
                            }
                            for kind, text in CHANGE_RULES.items()
                        ],
                    }
                },
                "results": results,
            }
        ],
    }


def diff_github_lines(
    changes: Sequence[Change], locate: Callable[[Change], Location | None]
) -> list[str]:
    lines = []
    for change in changes:
        command = (
            "warning"
            if "on_delete-weakened" in change.tags or change.kind.endswith("removed")
            else "notice"
        )
        properties = [f"title={_property(change.kind)}"]
        where = locate(change)
        if where is not None:
            properties[:0] = [f"file={_property(where.path)}", f"line={where.line}"]
        lines.append(f"::{command} {','.join(properties)}::{_data(change.describe())}")
    return lines
