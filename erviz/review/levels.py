"""How much a lint finding matters, and which findings a team has accepted.

Levels are SARIF's (``error``, ``warning``, ``note``): a rule is a warning
unless ``ERVIZ["LINT_LEVELS"]`` says otherwise, and ``erviz lint
--fail-level`` sets the least level that fails. A baseline is the set of
findings a team has accepted (``--write-baseline``); a finding keeps its
identity (rule, model and field) when its line moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .reading import read_json

if TYPE_CHECKING:
    from .lint import Finding

LEVELS = ("error", "warning", "note")
#: How a level ranks: a higher one matters more.
RANK = {"note": 0, "warning": 1, "error": 2}
BASELINE_VERSION = 1


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
    """The identities a baseline file accepts; a
    :class:`~erviz.review.reading.FileRejected` for a file that does not
    keep the baseline contract (``contracts/baseline.schema.json``)."""
    return frozenset(read_json(path, "baseline")["findings"])
