"""The related-rows page against the admin's only page that lists what
points at a row (its delete confirmation) and the floor.

    .venv/bin/python bench/related_rows.py [--orders 2000 200000]

For each size, a customer with ``--orders`` orders is built in a SQLite
file, then, as a superuser through Django's test client: erviz's related
rows page (every accessor counted), the same page with the customer's
orders opened (a page of 20), and the admin's delete confirmation for the
customer, which loads every order to list it. Beside them, without a page:
``related_rows()`` itself, and the floor: one ``getattr(row,
accessor).count()`` per accessor, which gives the same numbers. Wall time,
queries and peak Python memory (tracemalloc, in a second run).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.gettempdir()) / "erviz-bench-rows.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "demo_models.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["DJANGO_DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.delete_preview import measure, measure_call  # noqa: E402
from demo_models import models as demo  # noqa: E402
from erviz.rows.related import related_rows  # noqa: E402


def build(orders: int) -> int:
    """A customer with ``orders`` orders; its pk."""
    user = get_user_model().objects.create_user(f"buyer{orders}")
    customer = demo.Customer.objects.create(user=user)
    store = demo.Store.objects.create(
        name=f"Store {orders}", address="x", opening_hours="x"
    )
    demo.Order.objects.bulk_create(
        (
            demo.Order(customer=customer, store=store, status="paid")
            for _ in range(orders)
        ),
        batch_size=5000,
    )
    return customer.pk


def floor(pk: int, accessors: list[str]) -> dict[str, int]:
    customer = demo.Customer.objects.get(pk=pk)
    return {name: getattr(customer, name).count() for name in accessors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, nargs="+", default=[2_000, 200_000])
    args = parser.parse_args()
    DATABASE.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    setup_test_environment()
    admin = get_user_model().objects.create_superuser("bench", password="x")
    client = Client()
    client.force_login(admin)
    print(f"{'orders':>9} {'what':<22}{'time':>9}{'queries':>9}{'peak MB':>9}")
    for orders in args.orders:
        pk = build(orders)
        page = f"/admin/erviz/models/demo_models.Customer/rows/{pk}/"
        found = related_rows(demo.Customer, pk, "default")
        accessors = [m.accessor for m in found.reverse]
        assert {m.accessor: m.count for m in found.reverse} == floor(pk, accessors)
        assert found.reverse[accessors.index("orders")].count == orders
        results: list[tuple[str, tuple[float, int, float]]] = [
            ("erviz page", measure(client, page)),
            ("erviz page, opened", measure(client, f"{page}?open=orders&page=3")),
            ("related_rows()", measure_call(partial(related_rows_of, pk))),
            ("floor counts", measure_call(partial(floor, pk, accessors))),
        ]
        with override_settings(ERVIZ={}):
            results.append(
                (
                    "admin delete page",
                    measure(client, f"/admin/demo_models/customer/{pk}/delete/"),
                )
            )
        for name, (seconds, queries, peak) in results:
            print(f"{orders:>9} {name:<22}{seconds:>8.3f}s{queries:>9}{peak:>9.1f}")
        ours, least, admin_page = results[0][1], results[3][1], results[4][1]
        function = results[2][1]
        print(
            f"{'':>9} page {admin_page[0] / ours[0]:.0f}x faster and "
            f"{admin_page[2] / ours[2]:.0f}x less memory than the admin's page; "
            f"related_rows() is {function[0] / least[0]:.1f}x the floor"
        )
    DATABASE.unlink(missing_ok=True)


def related_rows_of(pk: int) -> Any:
    return related_rows(demo.Customer, pk, "default", time_budget=None)


if __name__ == "__main__":
    main()
