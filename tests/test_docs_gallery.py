"""The documentation's gallery of pages (``docs/pages.md``): every page a
user meets, on the demo's data, light, dark and on a phone, screenshotted
by this test (``ERVIZ_SCREENSHOTS=1`` writes the files), so the pictures in
the docs are the pages as they are."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser import BROWSER, SAVE_SCREENSHOTS, SCREENSHOTS, logged_in

pytestmark = BROWSER

GALLERY_PAGE = Path(__file__).resolve().parent.parent / "docs" / "pages.md"
PICTURES = SCREENSHOTS / "pages"

#: The variants each page is shown in: (name, browser context options).
VARIANTS: dict[str, dict[str, Any]] = {
    "light": {"viewport": {"width": 1440, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1440, "height": 900}, "color_scheme": "dark"},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "color_scheme": "light",
        "has_touch": True,
        "is_mobile": True,
    },
}


def pages() -> dict[str, str]:
    """Every page kind, by the name its screenshots have, on seeded data."""
    from demo_models.models import Book, Customer

    customer = Customer.objects.filter(orders__lines__isnull=False).earliest("pk")
    book = Book.objects.earliest("pk")
    rows = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    return {
        "overview": "/admin/erviz/",
        "app-map": "/admin/erviz/?level=apps",
        "app": "/admin/erviz/apps/demo_models/",
        "model": "/admin/erviz/models/demo_models.Book/",
        "relation": "/admin/erviz/models/demo_models.Book/?relation=demo_models.Book.author",
        "cascade": "/admin/erviz/models/demo_models.Customer/cascade/",
        "model-at": "/admin/erviz/models/demo_models.Book/?at=demo_models.0001",
        "changes": "/admin/erviz/models/demo_models.Book/changes/?since=demo_models.0001",
        "cascade-compared": "/admin/erviz/models/demo_models.Customer/cascade/?at=demo_models.0001",
        "path": "/admin/erviz/models/demo_models.Book/path/?to=customer",
        "path-choice": "/admin/erviz/models/demo_models.Book/path/?to=tag",
        "search": "/admin/erviz/search/?q=order",
        "delete-preview": f"{rows}delete-preview/",
        "related-rows": rows,
        "related-rows-open": f"{rows}?open=orders",
        "admin-index": "/admin/",
        "admin-change-form": f"/admin/demo_models/book/{book.pk}/change/",
        "admin-delete": f"/admin/demo_models/customer/{customer.pk}/delete/",
    }


def test_the_gallery_page_shows_every_page_in_every_variant(seeded):
    text = GALLERY_PAGE.read_text()
    shown = set(re.findall(r"\(screenshots/pages/([\w-]+)\.jpeg\)", text))
    expected = {f"{name}-{variant}" for name in pages() for variant in VARIANTS}
    assert shown == expected
    if not SAVE_SCREENSHOTS:
        missing = [
            name for name in expected if not (PICTURES / f"{name}.jpeg").exists()
        ]
        assert missing == [], "run the browser tests with ERVIZ_SCREENSHOTS=1"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_page_is_screenshotted_for_the_docs(
    variant, seeded, browser, live_server, admin_user, settings
):
    # The admin's delete pages summarised by erviz, as in the demo.
    settings.ROOT_URLCONF = "tests.summary_urls"
    for page in logged_in(browser, live_server, **VARIANTS[variant]):
        for name, url in pages().items():
            response = page.goto(url)
            assert response is not None and response.status < 500, url
            page.wait_for_load_state("networkidle")
            if page.locator("#erviz-diagram").count():
                page.wait_for_selector("#erviz-diagram[data-scale]")
            picture = page.screenshot(type="jpeg", quality=70)
            assert picture.startswith(b"\xff\xd8"), url
            if SAVE_SCREENSHOTS:
                PICTURES.mkdir(exist_ok=True)
                (PICTURES / f"{name}-{variant}.jpeg").write_bytes(picture)
