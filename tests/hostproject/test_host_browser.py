"""The host project in Debian's Chromium: from its admin (``admin.site`` or
its own AdminSite) to erviz's pages, and no links for a user who may not
view the model.

Run with ``pytest --ds=tests.hostproject.settings tests/hostproject``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser import BROWSER, screenshot

from .conftest import Site
from .shop.models import Order

pytestmark = BROWSER


@pytest.fixture
def browser_page(browser: Any, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=live_server.url
    )
    # The host serves no favicon; Chromium's request for it is not erviz's.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def log_in(page: Page, site: Site, username: str) -> None:
    page.goto(f"{site.prefix}login/?next={site.prefix}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"**{site.prefix}")


def test_from_the_admin_to_the_explorer_and_the_delete_preview(
    browser_page, site, shop
):
    page = browser_page
    log_in(page, site, "boss")
    page.click("#erviz-dashboard-entry caption a")
    page.wait_for_url(f"**{site.prefix}erviz/")
    assert site.header in page.inner_text("#header")
    page.goto(f"{site.prefix}shop/order/")
    page.click("a.erviz-relationships")
    page.wait_for_url("**/erviz/models/shop.Order/")
    page.wait_for_selector('#erviz-diagram g.node[data-model="shop.Invoice"]')
    page.goto(f"{site.prefix}shop/order/{shop.invoiced.pk}/change/")
    page.click("a.erviz-delete-preview")
    page.wait_for_url("**/delete-preview/")
    assert "would be refused" in page.inner_text(".errornote")
    if site.prefix == "/ops/":
        screenshot(page, "host-own-admin-site-preview")
    page.click(
        f'.erviz-blockers a[href="{site.prefix}shop/invoice/{shop.invoice.pk}/change/"]'
    )
    page.wait_for_url(f"**{site.prefix}shop/invoice/{shop.invoice.pk}/change/")


def test_links_are_absent_without_view_permission(browser_page, site, shop):
    page = browser_page
    log_in(page, site, "clerk")
    assert page.locator("#erviz-dashboard-entry").count() == 1
    page.goto(f"{site.prefix}shop/customer/{shop.customer.pk}/change/")
    assert page.locator("a.erviz-relationships").count() == 1
    assert page.locator("a.erviz-delete-preview").count() == 1
    # Orders: no view permission, so neither the admin's page nor erviz's
    # links or preview (requested without rendering: a 403 page logs a
    # console error).
    order = page.request.get(f"{site.prefix}shop/order/{shop.open_order.pk}/change/")
    assert order.status == 403 and "erviz-" not in order.text()
    preview = page.request.get(
        f"{site.prefix}erviz/models/shop.Order/rows/{shop.open_order.pk}/delete-preview/"
    )
    assert preview.status == 403


def test_the_delete_summary_refuses_and_deletes_as_django_does(
    browser_page, site, shop, settings
):
    settings.ROOT_URLCONF = {
        "/admin/": "tests.hostproject.urls_summary",
        "/ops/": "tests.hostproject.urls_ops_summary",
    }[site.prefix]
    page = browser_page
    log_in(page, site, "boss")
    # The customer's invoiced order protects it: refused, with the blocker.
    page.goto(f"{site.prefix}shop/customer/{shop.customer.pk}/delete/")
    assert "Cannot delete" in page.inner_text("#content h1")
    page.wait_for_selector(
        f'a[href="{site.prefix}shop/invoice/{shop.invoice.pk}/change/"]'
    )
    if site.prefix == "/admin/":
        screenshot(page, "delete-summary-refused")
    # The open order goes, after Django's own confirmation.
    page.goto(f"{site.prefix}shop/order/{shop.open_order.pk}/delete/")
    assert "Orders: 1" in page.inner_text("#content")
    page.click("input[type=submit]")
    page.wait_for_url(f"**{site.prefix}shop/order/")
    assert not Order.objects.filter(pk=shop.open_order.pk).exists()
