"""The host project's fixtures: its two admin sites and a small shop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from .shop.models import Customer, Invoice, Order


@dataclass
class Site:
    prefix: str
    header: str


SITES = {
    "admin.site": ({}, Site("/admin/", "Django administration")),
    "own AdminSite": (
        {
            "ROOT_URLCONF": "tests.hostproject.urls_ops",
            "ERVIZ": {"ADMIN_SITE": "tests.hostproject.sites.ops_site"},
        },
        Site("/ops/", "Ops console"),
    ),
}


@pytest.fixture(params=list(SITES))
def site(request: Any, settings: Any) -> Site:
    overrides, served = SITES[request.param]
    for name, value in overrides.items():
        setattr(settings, name, value)
    return served


@dataclass
class Shop:
    customer: Customer
    invoiced: Order
    open_order: Order
    invoice: Invoice


@pytest.fixture
def shop(db: None) -> Shop:
    customer = Customer.objects.create(name="Ada <Lovelace>")
    invoiced = Order.objects.create(customer=customer, reference="A-1")
    open_order = Order.objects.create(customer=customer, reference="A-2")
    invoice = Invoice.objects.create(order=invoiced, number="INV-1")
    get_user_model().objects.create_superuser("boss", password="pw")
    clerk = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_customer"))
    return Shop(customer, invoiced, open_order, invoice)
