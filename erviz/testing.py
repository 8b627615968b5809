"""Test helpers for projects that use erviz.

from erviz.testing import assert_no_n_plus_one

def test_the_book_list_walks_no_relation_per_book(client):
    with assert_no_n_plus_one():
        client.get("/books/")
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .queries import Watched, watch
from .queries.report import advise, describe


@contextmanager
def assert_no_n_plus_one() -> Iterator[Watched]:
    """Fail the test when the block walks a relation once per instance of
    a result set (or queries a prefetched relation again), naming the
    relation and the eager load that removes it."""
    with watch() as watched:
        yield watched
    found = watched.n_plus_ones()
    if found:
        total = watched.count
        lines = [f"{len(found)} N+1 in {total} queries:"]
        for walk in found:
            lines.append(f"- {describe(walk)}")
            if walk.advice is not None:
                lines.append(f"  fix: {advise(walk.advice, total)}")
        raise AssertionError("\n".join(lines))
