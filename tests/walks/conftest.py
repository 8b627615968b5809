"""The library's rows, for every test of the walks project."""

from __future__ import annotations

import pytest

from .library.seed import seed_library

#: Rows per level: enough for a loop to repeat a query.
AUTHORS = 4
BOOKS_PER_AUTHOR = 3


@pytest.fixture
def library(db: None) -> None:
    seed_library(AUTHORS, BOOKS_PER_AUTHOR)
