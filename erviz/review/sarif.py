"""Lint findings for code-review surfaces: SARIF 2.1.0 (GitHub code
scanning, most review bots) and GitHub Actions workflow commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import __version__
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
