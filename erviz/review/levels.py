"""How much a lint finding matters, and which findings a team has accepted.

Levels are SARIF's (``error``, ``warning``, ``note``): a rule is a warning
unless ``ERVIZ["LINT_LEVELS"]`` says otherwise, and ``erviz lint
--fail-level`` sets the least level that fails. A baseline is the set of
findings a team has accepted (``--write-baseline``); a finding keeps its
identity (rule, model and field) when its line moves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lint import Finding

LEVELS = ("error", "warning", "note")
#: How a level ranks: a higher one matters more.
RANK = {"note": 0, "warning": 1, "error": 2}
BASELINE_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read; the message says why."""


def level_of(finding: Finding, config: dict[str, Any]) -> str:
    """The rule's level where ``LINT_LEVELS`` sets one, else the finding's
    own (a guarded hub, a pair with an index on each column: notes)."""
    level = config["LINT_LEVELS"].get(finding.rule.id) or finding.default_level
    return level if level in LEVELS else "warning"


def rule_level(rule_id: str, config: dict[str, Any]) -> str:
    """A rule's default level, as SARIF's ``defaultConfiguration`` says."""
    level = config["LINT_LEVELS"].get(rule_id, "warning")
    return level if level in LEVELS else "warning"


def identity(finding: Finding) -> str:
    """``L004:app.Model.field``: the same across line moves."""
    return f"{finding.rule.id}:{finding.subject}"


def baseline_document(findings: Iterable[Finding]) -> dict[str, Any]:
    return {
        "erviz_lint_baseline": BASELINE_VERSION,
        "findings": sorted({identity(finding) for finding in findings}),
    }


def read_baseline(path: str) -> frozenset[str]:
    try:
        document = json.loads(Path(path).read_text())
    except OSError as error:
        raise BaselineError(f"Cannot read {path}: {error.strerror}.") from error
    except ValueError as error:
        raise BaselineError(f"{path} is not JSON: {error}.") from error
    if (
        not isinstance(document, dict)
        or document.get("erviz_lint_baseline") != BASELINE_VERSION
        or not isinstance(document.get("findings"), list)
        or not all(isinstance(item, str) for item in document["findings"])
    ):
        raise BaselineError(
            f"{path} is not an erviz lint baseline (write one with "
            "erviz lint --write-baseline FILE)."
        )
    return frozenset(document["findings"])
