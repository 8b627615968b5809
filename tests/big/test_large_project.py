"""A project of 150+ models from real third-party apps (Wagtail, django-oscar
and their dependencies, beside the test project) in a real browser: the
overview is a readable, labelled map of apps within a second, and the
busiest app's view starts readable."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from erviz.schema import get_schema
from tests.browser import BROWSER, screenshot

pytestmark = BROWSER


def text_height(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box
    return box["height"]


@pytest.mark.django_db
def test_the_project_is_large():
    schema = get_schema()
    assert sum(1 for m in schema.models if not m.auto_created) >= 150


def test_overview_is_a_readable_map_of_apps_within_a_second(page):
    page.goto("/admin/")  # warm the process: the measured load is the page's
    start = time.perf_counter()
    page.goto("/admin/erviz/")
    page.wait_for_selector('#erviz-diagram g.node[data-app="wagtailcore"] text')
    seconds = time.perf_counter() - start
    print(f"\nlarge project overview: labelled picture after {seconds * 1000:.0f} ms")
    assert seconds < 1
    assert page.locator("#erviz-diagram g.node[data-app]").count() >= 30
    # Titles at least 11 px high on a 1440x900 screen.
    assert text_height(page, '#erviz-diagram g.node[data-app="wagtailcore"] text') >= 11
    screenshot(page, "large-overview")


def busiest_app() -> str:
    schema = get_schema()
    app = max(
        schema.apps,
        key=lambda a: sum(
            1 for r in schema.relations if r.source.startswith(f"{a.label}.")
        ),
    )
    return app.label


def test_the_busiest_app_starts_readable(page):
    page.goto(f"/admin/erviz/apps/{busiest_app()}/")
    page.wait_for_selector("#erviz-diagram g.node[data-stub=false] text")
    assert text_height(page, "#erviz-diagram g.node[data-stub=false] text") >= 10
    screenshot(page, "large-busiest-app")


OVERLAPS = (Path(__file__).parent.parent / "overlaps.js").read_text()


def test_edge_labels_do_not_pile_up_on_a_busy_project(page):
    """The busiest app and the user model (which 40+ relations reach): no
    end label runs into another or into a box."""
    for url in (
        f"/admin/erviz/apps/{busiest_app()}/",
        "/admin/erviz/models/auth.User/",
        "/admin/erviz/models/wagtailcore.Page/",
    ):
        page.goto(url)
        page.wait_for_selector("#erviz-diagram svg g.node")
        found = page.evaluate(OVERLAPS)
        assert found["labels"] > 20, url
        assert found["overlaps"] == [], (url, found["overlaps"])
