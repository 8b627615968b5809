"""The row preview's time budget on PostgreSQL: a store whose deletion
reaches ``--lines`` order lines through its orders, each line also RESTRICTed
by the store's product (deleted with the store too, so the full answer has
no blocker), previewed with several budgets.

    .venv/bin/python bench/preview_budget.py [--lines 1000000]

For each budget: wall time, peak Python memory (tracemalloc), whether the
answer is partial, its blockers and its undecided RESTRICT rows; beside
them the floor, the plain COUNT queries that give the same counts. A smaller
budget must never cost more time or memory, and a partial answer must never
report blockers the full one does not have. Needs PostgreSQL on
127.0.0.1:5432 (it creates and drops the database ``erviz_bench_budget``).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import use_postgres  # noqa: E402

NAME = "erviz_bench_budget"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument(
        "--budgets", type=float, nargs="+", default=[0.2, 0.5, 1.0, 5.0, 0]
    )
    args = parser.parse_args()
    use_postgres(NAME)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from demo_models import models as demo
    from erviz.rows.delete_preview import preview_delete_rows

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="buyer")
    customer = demo.Customer.objects.create(user=user)
    store = demo.Store.objects.create(name="Big", address="x", opening_hours="x")
    product = demo.Product.objects.create(store=store, name="p", sku="S", price=1)
    orders = max(args.lines // 100, 1)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO demo_models_order (customer_id, store_id, status, created_at)"
            " SELECT %s, %s, 'paid', now() FROM generate_series(1, %s)",
            [customer.pk, store.pk, orders],
        )
        cursor.execute(
            "INSERT INTO demo_models_orderline (order_id, product_id, quantity,"
            " unit_price) SELECT o.id, %s, 1, 1 FROM demo_models_order o,"
            " generate_series(1, %s)",
            [product.pk, args.lines // orders],
        )
        cursor.execute("ANALYZE")
    print(
        f"built {orders:,} orders, {args.lines:,} lines in "
        f"{time.monotonic() - started:.1f} s"
    )

    started = time.monotonic()
    floor = {
        "demo_models.Order": demo.Order.objects.filter(store=store).count(),
        "demo_models.OrderLine": demo.OrderLine.objects.filter(
            order__store=store
        ).count(),
    }
    floor_time = time.monotonic() - started
    print(f"floor (COUNT queries): {floor_time:.2f} s  {floor}")
    print(
        f"{'budget':>8} {'time':>8} {'peak MB':>8} {'partial':>8} "
        f"{'blockers':>9} {'undecided':>10} {'lines counted':>14}"
    )
    for budget in args.budgets:
        tracemalloc.start()
        started = time.monotonic()
        preview = preview_delete_rows(
            demo.Store, [store.pk], time_budget=budget or None
        )
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{budget or 'none':>8} {elapsed:>7.2f}s {peak / 1e6:>8.1f} "
            f"{preview.partial!s:>8} {preview.blocker_count:>9,} "
            f"{sum(preview.undecided.values()):>10,} "
            f"{preview.deleted.get('demo_models.OrderLine', 0):>14,}"
        )
    connection.close()


if __name__ == "__main__":
    main()
