"""What the benchmarks measure of a call, and the PostgreSQL database the
PostgreSQL ones build: one place for each."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

POSTGRES = "postgres://postgres@127.0.0.1:5432"


def use_postgres(name: str) -> None:
    """Run the demo settings on a fresh PostgreSQL database ``name`` (dropped
    and created again); call before ``django.setup()``."""
    import psycopg

    os.environ["DJANGO_SETTINGS_MODULE"] = "demo_models.settings"
    os.environ["DATABASE_URL"] = f"{POSTGRES}/{name}"
    os.environ["DJANGO_DEBUG"] = "0"
    with psycopg.connect(
        f"{POSTGRES.replace('postgres://', 'postgresql://')}/postgres"
    ) as admin:
        admin.autocommit = True
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")


def best(call: Callable[[], Any], repeat: int) -> float:
    """The shortest of ``repeat`` runs of ``call``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def timed(call: Callable[[], Any]) -> tuple[float, int, Any]:
    """Wall time and queries of ``call()``, and what it returned."""
    from django.db import connection

    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    return seconds, queries, result


def peak_mb(call: Callable[[], Any]) -> float:
    """Peak Python memory of ``call()`` in MB (tracemalloc: run apart from
    the timed run, which tracing would slow)."""
    tracemalloc.start()
    try:
        call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20
