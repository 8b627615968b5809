"""The row preview's queries grow with the relations of its cascade, not
with its rows: each set of rows is one query the database runs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo_models import models as demo
from erviz.rows.delete_preview import preview_delete_rows

pytestmark = pytest.mark.django_db


def a_store_with(lines: int) -> demo.Store:
    """A store whose deletion reaches ``lines`` order lines (100 an order),
    each RESTRICTed by the store's product as well."""
    user = get_user_model().objects.create_user(f"buyer{lines}")
    customer = demo.Customer.objects.create(user=user)
    store = demo.Store.objects.create(name=f"s{lines}", address="x", opening_hours="x")
    product = demo.Product.objects.create(
        store=store, name="p", sku=f"SKU-{lines}", price=Decimal(1)
    )
    orders = demo.Order.objects.bulk_create(
        demo.Order(customer=customer, store=store, status="paid")
        for _ in range(lines // 100)
    )
    demo.OrderLine.objects.bulk_create(
        (
            demo.OrderLine(order=order, product=product, quantity=1, unit_price=1)
            for order in orders
            for _ in range(100)
        ),
        batch_size=5000,
    )
    return store


def test_the_query_count_does_not_grow_with_the_rows():
    counted = {}
    for lines in (2_000, 200_000):
        store = a_store_with(lines)
        with CaptureQueriesContext(connection) as queries:
            preview = preview_delete_rows(demo.Store, [store.pk], time_budget=None)
        assert preview.walk == "sql"
        assert preview.deleted["demo_models.OrderLine"] == lines
        assert preview.deleted["demo_models.Order"] == lines // 100
        assert not preview.blocked  # the lines go with their orders
        counted[lines] = len(queries)
    assert counted[2_000] == counted[200_000], counted
