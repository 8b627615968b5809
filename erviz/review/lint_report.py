"""``erviz lint --format json``'s document: each finding with where it is
defined and its level (shared by the command and the MCP server)."""

from __future__ import annotations

from typing import Any

from ..conf import get_config
from .levels import level_of
from .lint import Finding
from .locations import locate


def findings_document(findings: list[Finding], root: str = ".") -> dict[str, Any]:
    config = get_config()
    document = []
    for finding in findings:
        where = locate(finding.model, finding.field, root)
        document.append(
            {
                **finding.document(),
                "file": where.path if where else None,
                "line": where.line if where else None,
                "level": level_of(finding, config),
            }
        )
    return {"findings": document}
