"""The row preview on PostgreSQL at 1,000,000 and 10,000,000 rows, beside
Django's Collector and the floor.

    .venv/bin/python bench/preview_postgres.py [--lines 1000000 10000000]
                                               [--books 100000]

Two shapes, built with INSERT ... SELECT generate_series:

- store: a store whose deletion reaches ``--lines`` order lines through
  its orders (100 lines an order), every line also RESTRICTed by the
  store's product (deleted with the store too, so RESTRICT's exception is
  decided: no blocker), and a review per order on that product;
- author: an author whose deletion reaches ``--books`` books, each with two
  generic notes, a product whose ``book`` is SET_NULL, a category link and
  an AuthorBook row.

For each: erviz's preview counting in SQL with no budget and with the
default 5 s budget, the same preview walking primary keys (its fallback),
``Collector.collect()`` on the row (inside a rolled-back transaction), and
the floor: the COUNT queries a person would write for the shape, which
give the same numbers. Wall time, peak Python memory (tracemalloc, in a
second run), queries. Needs PostgreSQL on 127.0.0.1:5432 (it creates and
drops the database ``erviz_bench_pg``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import peak_mb, timed, use_postgres  # noqa: E402

NAME = "erviz_bench_pg"


def measure(
    call: Callable[[], Any], memory: bool = True
) -> tuple[float, int, float, Any]:
    """Wall time, queries, peak Python MB (NaN without ``memory``) and the
    result of ``call()``."""
    seconds, queries, result = timed(call)
    return seconds, queries, peak_mb(call) if memory else float("nan"), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--books", type=int, default=100_000)
    parser.add_argument(
        "--collector-up-to",
        type=int,
        default=1_000_000,
        help="Run Django's Collector on cascades of up to this many lines: it "
        "loads every RESTRICTed line (1,000,000 lines: about 3 GB).",
    )
    args = parser.parse_args()
    use_postgres(NAME)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models.deletion import Collector

    from demo_models import models as demo
    from erviz.rows import row_sets, set_walk
    from erviz.rows.delete_preview import preview_delete_rows

    call_command("migrate", verbosity=0)

    def sql(*statements: tuple[str, list[Any]]) -> None:
        with connection.cursor() as cursor:
            for statement, params in statements:
                cursor.execute(statement, params)

    def preview(model: Any, pk: int, walk: str, budget: float | None) -> Any:
        if walk == "sql":
            return preview_delete_rows(model, [pk], time_budget=budget)
        real = set_walk.SetWalk.run

        def refuse(self: Any) -> None:
            raise row_sets.NeedsKeys("bench")

        set_walk.SetWalk.run = refuse  # type: ignore[method-assign]
        try:
            return preview_delete_rows(model, [pk], time_budget=budget)
        finally:
            set_walk.SetWalk.run = real  # type: ignore[method-assign]

    def collect(model: Any, pk: int) -> None:
        with transaction.atomic():
            Collector(using="default").collect([model._base_manager.get(pk=pk)])
            transaction.set_rollback(True)

    def report(
        title: str, model: Any, pk: int, floor: Callable[[], Any], size: int
    ) -> None:
        with_collector = size <= args.collector_up_to
        least = measure(floor)
        runs = [
            ("erviz, sql", measure(partial(preview, model, pk, "sql", None))),
            ("erviz, 5 s budget", measure(partial(preview, model, pk, "sql", 5.0))),
            ("erviz, key walk", measure(partial(preview, model, pk, "keys", None))),
        ]
        if with_collector:
            # Its memory is not traced: tracing a few GB of instances would
            # take longer than the bench.
            runs.append(
                ("Django Collector", measure(partial(collect, model, pk), memory=False))
            )
        runs.append(("floor COUNTs", least))
        found = runs[0][1][3]
        expected = least[3]
        for label, number in expected.items():
            got = (
                found.blocker_count
                if label == "blockers"
                else {**found.deleted, **found.updated}.get(label, 0)
            )
            assert got == number, (label, got, number)
        budgeted = runs[1][1][3]
        print(f"\n{title}: {sum(found.deleted.values()):,} rows deleted, exact")
        print(f"{'':<20}{'time':>9}{'queries':>9}{'peak MB':>9}  partial")
        for name, (seconds, queries, peak, result) in runs:
            partial_flag = getattr(result, "partial", "")
            print(f"{name:<20}{seconds:>8.2f}s{queries:>9}{peak:>9.1f}  {partial_flag}")
        sql_time = runs[0][1][0]
        line = f"erviz sql: {sql_time / least[0]:.1f}x the floor"
        if with_collector:
            line += f", {runs[3][1][0] / sql_time:.1f}x faster than the Collector"
        line += f", the key walk takes {runs[2][1][0] / sql_time:.1f}x as long"
        print(line + f"; within the 5 s budget: {not budgeted.partial}")

    for lines in args.lines:
        store = demo.Store.objects.create(name="Big", address="x", opening_hours="x")
        user = get_user_model().objects.create(username=f"buyer{lines}")
        customer = demo.Customer.objects.create(user=user)
        product = demo.Product.objects.create(
            store=store, name="p", sku=f"S{lines}", price=1
        )
        orders = lines // 100
        started = time.monotonic()
        sql(
            (
                "INSERT INTO demo_models_order (customer_id, store_id, status,"
                " created_at) SELECT %s, %s, 'paid', now()"
                " FROM generate_series(1, %s)",
                [customer.pk, store.pk, orders],
            ),
            (
                "INSERT INTO demo_models_orderline (order_id, product_id, quantity,"
                " unit_price) SELECT o.id, %s, 1, 1 FROM demo_models_order o,"
                " generate_series(1, 100) WHERE o.store_id = %s",
                [product.pk, store.pk],
            ),
            (
                "INSERT INTO demo_models_review (product_id, rating, text,"
                " created_at) SELECT %s, 5, '', now() FROM generate_series(1, %s)",
                [product.pk, orders],
            ),
            ("ANALYZE", []),
        )
        print(
            f"\nbuilt a store: {orders:,} orders, {lines:,} lines, {orders:,} "
            f"reviews in {time.monotonic() - started:.1f} s"
        )

        def store_floor(pk: int = store.pk) -> dict[str, int]:
            lines_of = demo.OrderLine.objects.filter(order__store=pk)
            return {
                "demo_models.Order": demo.Order.objects.filter(store=pk).count(),
                "demo_models.OrderLine": lines_of.count(),
                "demo_models.Product": demo.Product.objects.filter(store=pk).count(),
                "demo_models.Review": demo.Review.objects.filter(
                    product__store=pk
                ).count(),
                "blockers": demo.OrderLine.objects.filter(product__store=pk)
                .exclude(order__store=pk)
                .count(),
            }

        report(f"store, {lines:,} lines", demo.Store, store.pk, store_floor, lines)

    author = demo.Author.objects.create(name="Prolific")
    publisher = demo.Publisher.objects.create(name="p", country="x")
    category = demo.Category.objects.create(name="c", slug="c")
    store = demo.Store.objects.create(name="Books", address="x", opening_hours="x")
    started = time.monotonic()
    kind = ContentType.objects.get_for_model(demo.Book).pk
    sql(
        (
            "INSERT INTO demo_models_book (title, isbn, publication_date, page_count,"
            " price, author_id, publisher_id) SELECT 'b', lpad(g::text, 13, '0'),"
            " '2000-01-01', 1, 1, %s, %s FROM generate_series(1, %s) g",
            [author.pk, publisher.pk, args.books],
        ),
        (
            "INSERT INTO demo_models_note (content_type_id, object_id, text)"
            " SELECT %s, b.id, 'n' FROM demo_models_book b, generate_series(1, 2)",
            [kind],
        ),
        (
            "INSERT INTO demo_models_product (store_id, name, sku, price, book_id,"
            " tax_class_id) SELECT %s, 'p', 'B' || b.id, 1, b.id, %s"
            " FROM demo_models_book b",
            [store.pk, demo.Product._meta.get_field("tax_class").get_default()],
        ),
        (
            "INSERT INTO demo_models_book_categories (book_id, category_id)"
            " SELECT b.id, %s FROM demo_models_book b",
            [category.pk],
        ),
        (
            "INSERT INTO demo_models_authorbook (author_id, book_id, role)"
            " SELECT %s, b.id, 'author' FROM demo_models_book b",
            [author.pk],
        ),
        ("ANALYZE", []),
    )
    print(
        f"\nbuilt an author: {args.books:,} books, each with 2 notes, a product,"
        f" a category link and an AuthorBook row in {time.monotonic() - started:.1f} s"
    )

    def author_floor(pk: int = author.pk) -> dict[str, int]:
        books = demo.Book.objects.filter(author=pk)
        return {
            "demo_models.Book": books.count(),
            "demo_models.Note": demo.Note.objects.filter(
                content_type=kind, object_id__in=books.values("pk")
            ).count(),
            "demo_models.Book_categories": demo.Book.categories.through.objects.filter(
                book__author=pk
            ).count(),
            "demo_models.AuthorBook": demo.AuthorBook.objects.filter(
                book__author=pk
            ).count(),
            "demo_models.Product.book": demo.Product.objects.filter(
                book__author=pk
            ).count(),
        }

    report(
        f"author, {args.books:,} books",
        demo.Author,
        author.pk,
        author_floor,
        args.books,
    )
    connection.close()


if __name__ == "__main__":
    main()
