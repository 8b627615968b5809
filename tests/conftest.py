from __future__ import annotations

import pytest

from erviz.schema import Schema, build_schema


@pytest.fixture(scope="session")
def schema() -> Schema:
    """The full test project's schema: demo, contrib and third-party apps."""
    return build_schema()
