"""Browser fixtures: Debian's Chromium driven by Playwright, logged in to the
admin, failing the test on any console error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
#: ERVIZ_SCREENSHOTS=1 refreshes the committed screenshots in docs/.
SAVE_SCREENSHOTS = os.environ.get("ERVIZ_SCREENSHOTS") == "1"

# Playwright's sync API keeps an event loop running in this thread, which
# makes Django refuse ORM calls here (the fixtures' user creation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: Marks for browser test modules.
BROWSER = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def logged_in(browser, live_server, **options):
    """A page logged in to the admin as the admin user, in a browser context
    with ``options``; the test fails on any console error."""
    context = browser.new_context(
        base_url=live_server.url, accept_downloads=True, **options
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/admin/login/?next=/admin/erviz/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/erviz/")
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def page(browser, live_server, admin_user):
    yield from logged_in(browser, live_server, viewport={"width": 1440, "height": 900})


@pytest.fixture(params=["light", "dark"])
def themed(request, browser, live_server, admin_user):
    """A desktop page in the browser's light or dark colour scheme, which
    the admin's theme follows."""
    yield from logged_in(
        browser,
        live_server,
        viewport={"width": 1440, "height": 900},
        color_scheme=request.param,
    )


@pytest.fixture
def phone(browser, live_server, admin_user):
    """A 390 x 844 touch screen, as a phone's."""
    yield from logged_in(
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )


def screenshot(page: Page, name: str) -> None:
    image = page.screenshot()
    assert image.startswith(b"\x89PNG")
    if SAVE_SCREENSHOTS:
        (SCREENSHOTS / f"{name}.png").write_bytes(image)
