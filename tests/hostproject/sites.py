"""The host's own AdminSite, served beside the default one at /ops/; erviz
is pointed at it with ``ERVIZ["ADMIN_SITE"]`` (see urls_ops.py)."""

from __future__ import annotations

from django.contrib import admin

from .shop.admin import CustomerAdmin, InvoiceAdmin, OrderAdmin
from .shop.models import Customer, Invoice, Order


class OpsAdminSite(admin.AdminSite):
    site_header = "Ops console"
    site_title = "Ops"
    index_title = "Operations"


ops_site = OpsAdminSite(name="ops")
ops_site.register(Customer, CustomerAdmin)
ops_site.register(Order, OrderAdmin)
ops_site.register(Invoice, InvoiceAdmin)
