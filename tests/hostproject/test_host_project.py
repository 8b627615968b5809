"""erviz seen from the outside: a host project that followed README's three
steps, served by ``admin.site`` and by an AdminSite of its own (the same
in a real browser: test_host_browser.py).

Run with ``pytest --ds=tests.hostproject.settings tests/hostproject``.
"""

from __future__ import annotations

from django.core import checks
from django.test import Client


def test_the_documented_steps_pass_erviz_checks(site):
    errors = [m for m in checks.run_checks() if m.id and m.id.startswith("erviz.")]
    assert errors == []


def test_pages_follow_the_sites_login_and_permissions(site, shop):
    client = Client()
    login = client.get(f"{site.prefix}erviz/")["Location"]
    assert login.startswith(f"{site.prefix}login/")
    client.login(username="clerk", password="pw")
    index = client.get(site.prefix).content.decode()
    assert 'id="erviz-dashboard-entry"' in index
    overview = client.get(f"{site.prefix}erviz/").content.decode()
    assert site.header in overview and f'href="{site.prefix}"' in overview
    customers = client.get(f"{site.prefix}shop/customer/").content.decode()
    assert f'href="{site.prefix}erviz/models/shop.Customer/"' in customers
    # No view permission on orders: no admin page, no preview.
    assert client.get(f"{site.prefix}shop/order/").status_code == 403
    preview = f"{site.prefix}erviz/models/shop.Order/rows/{shop.open_order.pk}/"
    assert client.get(f"{preview}delete-preview/").status_code == 403
