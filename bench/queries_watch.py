"""What ``erviz.queries.watch()`` costs a request: the walks project's
``/forward/`` view (one query for the books, one per book for its author:
101 queries with 100 books), on SQLite in memory.

    .venv/bin/python bench/queries_watch.py [--books 100] [--repeat 20]

Rows, best of N: the floor (the request unwatched), the peer (Django's own
``CaptureQueriesContext``, which records the SQL and nothing else), erviz's
``watch()`` around the request (every query with its cause; on Python 3.12+
also every relation read, through ``sys.monitoring``), ``watch(unused=True)``
(the relations read on 3.11 too, through a profile function) and the same
with its report made (walks, advice, unused eager loads). The goal (issue
30) is at most 1.3 times the unwatched request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.walks.settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

from bench.measure import best  # noqa: E402
from erviz.queries import watch  # noqa: E402
from tests.walks.library.seed import seed_library  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    seed_library(authors=options.books // 10, books_per_author=10)
    client = Client()

    def request() -> None:
        assert client.get("/forward/", HTTP_HOST="library.example").status_code == 200

    def captured() -> None:
        with CaptureQueriesContext(connection):
            request()

    def watched() -> None:
        with watch():
            request()

    def reading() -> None:
        with watch(unused=True):
            request()

    def reported() -> None:
        with watch(unused=True) as seen:
            request()
        seen.walks()
        seen.unused()

    with watch() as seen:
        request()
    variants = [
        ("floor: the request unwatched", request),
        ("peer: CaptureQueriesContext (SQL only)", captured),
        ("erviz: watch()", watched),
        ("erviz: watch(unused=True)", reading),
        ("erviz: watch(unused=True) and its report", reported),
    ]
    for _, call in variants:  # warm every path up
        best(call, 3)
    # In rounds, each variant once a round: the machine's drift hits all.
    times: dict[str, float] = {}
    for _ in range(options.repeat):
        for name, call in variants:
            times[name] = min(times.get(name, float("inf")), best(call, 1))
    base = times[variants[0][0]]
    rows = list(times.items())
    print(
        f"/forward/ with {options.books} books: {len(seen.queries)} queries; "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}"
    )
    for name, seconds in rows:
        print(f"{name:45} {seconds * 1000:8.1f} ms  {seconds / base:5.2f}x")


if __name__ == "__main__":
    main()
