"""erviz's row preview and its admin delete summary against the admin's
own delete confirmation page, Django's Collector and the floor.

    .venv/bin/python bench/delete_preview.py [--lines 2000 200000]

For each size, a store whose deletion cascades to its orders and their lines
(``--lines`` order lines in 100-line orders, each also RESTRICTed by the
store's product) is built in a SQLite file, then three pages are requested
for it as a superuser through Django's test client: the stock delete
confirmation, the same page on a ``DeleteSummaryAdminSite``, and
erviz's preview page: wall time, queries, and peak Python memory
(tracemalloc, in a second request so that tracing does not slow the timed
one). Beside them, without a page: erviz's preview function counting in SQL
and walking primary keys (its fallback), Django's ``Collector.collect()`` on
the row, and the floor: the COUNT queries a person would write for this
shape, which give the same numbers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.gettempdir()) / "erviz-bench-delete.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "demo_models.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["DJANGO_DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.admin import AdminSite, ModelAdmin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models.deletion import Collector  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

from bench.measure import peak_mb, timed  # noqa: E402
from demo_models import models as demo  # noqa: E402
from erviz.admin import DeleteSummaryMixin  # noqa: E402
from erviz.rows import row_sets, set_walk  # noqa: E402
from erviz.rows.delete_preview import preview_delete_rows  # noqa: E402
from erviz.rows.row_preview import RowPreview  # noqa: E402


def build(lines: int) -> int:
    """A store whose deletion reaches ``lines`` order lines; its pk."""
    user = get_user_model().objects.create_user(f"buyer{lines}")
    customer = demo.Customer.objects.create(user=user)
    store = demo.Store.objects.create(
        name=f"Store {lines}", address="x", opening_hours="x"
    )
    product = demo.Product.objects.create(
        store=store, name="p", sku=f"SKU-{lines}", price=Decimal("1.00")
    )
    orders = demo.Order.objects.bulk_create(
        demo.Order(customer=customer, store=store, status="paid")
        for _ in range(max(lines // 100, 1))
    )
    demo.OrderLine.objects.bulk_create(
        (
            demo.OrderLine(
                order=order, product=product, quantity=1, unit_price=Decimal("1.00")
            )
            for order in orders
            for _ in range(100)
        ),
        batch_size=5000,
    )
    return store.pk


def measure(client: Client, url: str) -> tuple[float, int, float]:
    """Wall time, queries and peak memory of a page."""
    return measure_call(lambda: _ok(client.get(url)))


def _ok(response: Any) -> None:
    assert response.status_code == 200, response.status_code


def measure_call(call: Callable[[], Any]) -> tuple[float, int, float]:
    """Wall time, queries and peak Python memory of ``call()``."""
    seconds, queries, _result = timed(call)
    return seconds, queries, peak_mb(call)


def floor(pk: int) -> dict[str, int]:
    """The counts written by hand for this shape: one COUNT per model, and
    the RESTRICT question (lines of the store's products in other stores'
    orders) asked directly."""
    return {
        "demo_models.Order": demo.Order.objects.filter(store=pk).count(),
        "demo_models.OrderLine": demo.OrderLine.objects.filter(order__store=pk).count(),
        "demo_models.Product": demo.Product.objects.filter(store=pk).count(),
        "blocking lines": demo.OrderLine.objects.filter(product__store=pk)
        .exclude(order__store=pk)
        .count(),
    }


def preview(pk: int, walk: str) -> RowPreview:
    if walk == "keys":
        real = set_walk.SetWalk.run

        def refuse(self: Any) -> None:
            raise row_sets.NeedsKeys("bench")

        set_walk.SetWalk.run = refuse  # type: ignore[method-assign]
        try:
            return preview_delete_rows(demo.Store, [pk], time_budget=None)
        finally:
            set_walk.SetWalk.run = real  # type: ignore[method-assign]
    return preview_delete_rows(demo.Store, [pk], time_budget=None)


class StockAdmin:
    """A URLconf serving the demo's ModelAdmins on Django's own AdminSite,
    without the summary the demo's default site adds."""

    site = AdminSite(name="admin")
    for model, model_admin in admin.site._registry.items():
        stock = next(
            cls
            for cls in type(model_admin).__mro__
            if issubclass(cls, ModelAdmin) and not issubclass(cls, DeleteSummaryMixin)
        )
        site.register(model, stock)
    urlpatterns = [path("admin/", site.urls)]


def collect(pk: int) -> None:
    with transaction.atomic():
        Collector(using="default").collect([demo.Store.objects.get(pk=pk)])
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, nargs="+", default=[2_000, 200_000])
    args = parser.parse_args()
    DATABASE.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    setup_test_environment()
    boss = get_user_model().objects.create_superuser("bench", password="x")
    client = Client()
    client.force_login(boss)
    print(f"{'cascade':>9} {'page':<14}{'time':>9}{'queries':>9}{'peak MB':>9}")
    for lines in args.lines:
        pk = build(lines)
        rows = lines + lines // 100 + 3
        with override_settings(ROOT_URLCONF=StockAdmin):  # Django's own page
            stock = measure(client, f"/admin/demo_models/store/{pk}/delete/")
        # The demo's admin: its default site is erviz's DeleteSummaryAdminSite.
        summary = measure(client, f"/admin/demo_models/store/{pk}/delete/")
        ours = measure(
            client, f"/admin/erviz/models/demo_models.Store/rows/{pk}/delete-preview/"
        )
        sql = measure_call(partial(preview, pk, "sql"))
        keys = measure_call(partial(preview, pk, "keys"))
        collector = measure_call(partial(collect, pk))
        least = measure_call(partial(floor, pk))
        found = preview(pk, "sql")
        assert (
            found.deleted["demo_models.OrderLine"] == floor(pk)["demo_models.OrderLine"]
        )
        assert found.blocker_count == floor(pk)["blocking lines"]
        for name, (seconds, queries, peak) in (
            ("admin delete", stock),
            ("with summary", summary),
            ("erviz preview", ours),
            ("preview() sql", sql),
            ("preview() keys", keys),
            ("Collector", collector),
            ("floor COUNTs", least),
        ):
            print(f"{rows:>9} {name:<14}{seconds:>8.3f}s{queries:>9}{peak:>9.1f}")
        for name, result in (("summary", summary), ("preview page", ours)):
            faster, lighter = stock[0] / result[0], stock[2] / result[2]
            print(
                f"{'':>9} {name}: {faster:.0f}x faster than the admin page, "
                f"{lighter:.0f}x less memory"
            )
        print(
            f"{'':>9} preview() sql: {sql[0] / least[0]:.1f}x the floor, "
            f"{collector[0] / sql[0]:.1f}x faster than Collector, "
            f"the key walk takes {keys[0] / sql[0]:.1f}x as long"
        )
    DATABASE.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
