"""A deadline every statement of a preview keeps, whatever it waits for.

A preview promises an answer within its time budget, and one statement can
break that promise on its own: a table another transaction locked, a
cascade too big to count in time. While a :func:`bounded` block runs, each
statement on the connection is checked against the deadline before it
starts and limited to the time left while it runs: PostgreSQL by
``SET LOCAL statement_timeout``, SQLite by a progress handler that
interrupts it. A statement past the deadline, cancelled, or timed out by the
server's own ``statement_timeout``, raises :class:`DeadlinePassed`, which
the preview turns into a partial answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DatabaseError, connections, transaction

#: SQLite calls the progress handler every this many virtual machine steps.
_SQLITE_STEPS = 10_000
#: How many streamed rows pass between two looks at the clock.
_ROWS_PER_CHECK = 2_000
_deadline: ContextVar[float | None] = ContextVar("erviz_deadline", default=None)
T = TypeVar("T")


#: Django's savepoint statements, which always run.
_TRANSACTION_CONTROL = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")


class DeadlinePassed(Exception):
    """The time budget ran out, or a statement was stopped for time."""


@contextmanager
def bounded(using: str, deadline: float | None) -> Iterator[None]:
    """Keep every statement on ``using`` within ``deadline`` (a
    ``time.monotonic()`` value; None: no limit)."""
    if deadline is None:
        yield
        return
    token = _deadline.set(deadline)
    try:
        with _bounded_statements(using, deadline):
            yield
    finally:
        _deadline.reset(token)


def within_deadline(rows: Iterable[T]) -> Iterator[T]:
    """``rows`` as they stream in, stopped at the deadline: fetching from a
    server-side cursor runs no statement the execute wrapper sees."""
    deadline = _deadline.get()
    if deadline is None:
        yield from rows
        return
    iterator = iter(rows)
    for number, row in enumerate(iterator):
        if number % _ROWS_PER_CHECK == 0 and time.monotonic() > deadline:
            # Close the server-side cursor now, while the transaction can
            # still run its CLOSE: the preview rolls back right after.
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
            raise DeadlinePassed
        yield row


@contextmanager
def _bounded_statements(using: str, deadline: float) -> Iterator[None]:
    connection = connections[using]
    connection.ensure_connection()
    raw: Any = connection.connection
    vendor = connection.vendor
    if vendor == "sqlite":
        raw.set_progress_handler(_sqlite_handler(deadline), _SQLITE_STEPS)
    wrapper = _Wrapper(deadline, connection if vendor == "postgresql" else None)
    if vendor == "postgresql":
        wrapper.server_limit = _server_statement_timeout(connection)
    try:
        with connection.execute_wrapper(wrapper):
            yield
    except BaseException:
        # A stopped block is rolled back to its savepoint, SET LOCAL too.
        raise
    else:
        if vendor == "postgresql":
            # Leave the project's own limit in force for what follows in the
            # transaction (the next block reads it again).
            _set_statement_timeout(connection, wrapper.server_limit)
    finally:
        if vendor == "sqlite":
            raw.set_progress_handler(None, _SQLITE_STEPS)


def _sqlite_handler(deadline: float) -> Callable[[], int]:
    def handler() -> int:
        return 1 if time.monotonic() > deadline else 0  # non-zero interrupts

    return handler


def _server_statement_timeout(connection: Any) -> int:
    """The project's own statement_timeout in milliseconds (0: none), which
    a preview never raises."""
    return int(
        _raw_statement(
            connection,
            "SELECT setting::int FROM pg_settings WHERE name = 'statement_timeout'",
        )[0]
    )


def _set_statement_timeout(connection: Any, milliseconds: int) -> None:
    _raw_statement(connection, f"SET LOCAL statement_timeout = {int(milliseconds)}")


def _raw_statement(connection: Any, sql: str) -> Any:
    """Run ``sql`` on the driver's own connection, beneath the execute
    wrappers (the deadline's own statements are not counted against it),
    with the driver's errors turned into Django's (a backend killed by an
    operator is an OperationalError the preview says as a fault, not the
    driver's exception escaping as a 500)."""
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchone() if cursor.description else None
        finally:
            cursor.close()


class _Wrapper:
    def __init__(self, deadline: float, postgres: Any) -> None:
        #: The PostgreSQL connection (Django's), None for other databases.
        self.deadline = deadline
        self.postgres = postgres
        self.server_limit = 0

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: Any,
    ) -> Any:
        if sql.startswith(_TRANSACTION_CONTROL):
            # Savepoints are how a preview recovers from a stopped statement.
            return execute(sql, params, many, context)
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise DeadlinePassed
        if self.postgres is not None:
            limit = max(1, int(left * 1000))
            if self.server_limit:
                limit = min(limit, self.server_limit)
            _set_statement_timeout(self.postgres, limit)
        try:
            return execute(sql, params, many, context)
        except DatabaseError as error:
            if _stopped_for_time(error):
                raise DeadlinePassed from error
            raise


def _stopped_for_time(error: DatabaseError) -> bool:
    cause: Any = error.__cause__
    # PostgreSQL: query_canceled (statement_timeout, a cancel request) and
    # lock_not_available (lock_timeout).
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code in ("57014", "55P03"):
        return True
    return "interrupted" in str(error)  # SQLite, stopped by the handler


@contextmanager
def read_only(using: str) -> Iterator[None]:
    """A transaction on ``using`` that is always rolled back, declared READ
    ONLY on PostgreSQL: a write the project's code tries in it is refused
    there and undone elsewhere."""
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
        try:
            yield
        finally:
            transaction.set_rollback(True, using=using)
