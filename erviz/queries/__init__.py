"""Relations as code walks them: which relations a block of code follows,
the N+1 each causes, and the eager load that removes it.

    from erviz.queries import watch

    with watch() as watched:
        response = client.get("/books/")
    for walk in watched.walks():
        print(walk.relation, walk.queries, walk.advice and walk.advice.code)

``manage.py erviz queries URL`` does it for one request,
``erviz.testing.assert_no_n_plus_one()`` fails a test on an N+1, and the
report's JSON is documented in ``docs/contracts.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from .eager import Unused, unused_eager_loads
from .lineage import Lineage
from .reads import Reads
from .recording import MAX_ATTRIBUTED, Cause, Query, Recorder
from .walks import Advice, Walk, find_walks

__all__ = ["Advice", "Cause", "Query", "Unused", "Walk", "Watched", "watch"]


class Watched:
    """What ran inside one :func:`watch` block (its walks are known once
    the block ended)."""

    def __init__(self, recorder: Recorder, reads: Reads) -> None:
        self._recorder = recorder
        self._reads = reads
        self.closed = False

    @property
    def queries(self) -> list[Query]:
        """The queries attributed, in the order they ran."""
        return self._recorder.queries

    @property
    def count(self) -> int:
        """Every query the block ran, attributed or not."""
        return len(self._recorder.queries) + self._recorder.unattributed

    @property
    def partial(self) -> bool:
        """Whether the block ran more queries than are attributed."""
        return self._recorder.unattributed > 0

    @cached_property
    def _lineage(self) -> Lineage:
        if not self.closed:
            raise RuntimeError("The walks are known once the watch() block ends.")
        return Lineage(self.queries)

    def walks(self) -> list[Walk]:
        """The relations walked through an accessor, the most queries first."""
        return self._walks

    @cached_property
    def _walks(self) -> list[Walk]:
        return find_walks(self.queries, self._lineage, self.count)

    @property
    def reads_watched(self) -> bool:
        """Whether the relations read were watched (see :func:`watch`)."""
        return self._reads.watched

    def unused(self) -> list[Unused]:
        """The select_related / prefetch_related lookups nothing read."""
        if not self._reads.watched:
            raise RuntimeError(
                "The relations read were not watched: use watch(unused=True)."
            )
        return unused_eager_loads(self.queries, self._reads.seen, self._lineage)

    def n_plus_ones(self) -> list[Walk]:
        return [
            walk for walk in self.walks() if walk.n_plus_one or walk.defeated_prefetch
        ]


@contextmanager
def watch(
    *, unused: bool | None = None, limit: int = MAX_ATTRIBUTED
) -> Iterator[Watched]:
    """Record every query the block runs, on every database, with its cause
    (no patching: Django's ``execute_wrapper`` hook and its frames).

    ``unused`` also watches which relations the code reads, loaded or not,
    for the eager loads nothing read (:meth:`Watched.unused`). By default it
    does where Python has ``sys.monitoring`` (3.12+), which costs little;
    on 3.11 a profile function does it, which slows the block about 2.5
    times, so only when asked. ``limit`` bounds the queries attributed
    (and the instances kept for the report); past it they are counted.
    """
    recorder, reads = Recorder(limit=limit), Reads()
    watched = Watched(recorder, reads)
    if unused or (unused is None and hasattr(sys, "monitoring")):
        reads.start()
    try:
        with recorder.recording():
            yield watched
    finally:
        reads.stop()
        watched.closed = True
