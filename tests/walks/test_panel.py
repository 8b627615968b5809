"""The django-debug-toolbar panel: a page's walks on the diagram, in the
browser; and erviz without the toolbar never imports it."""

from __future__ import annotations

import subprocess
import sys
from importlib.util import find_spec

import pytest

from tests.browser import BROWSER


@pytest.mark.skipif(
    find_spec("debug_toolbar") is None, reason="django-debug-toolbar is not installed"
)
@BROWSER[0]
@BROWSER[1]
def test_the_panel_draws_the_walks_and_marks_the_n_plus_one(
    library, browser, live_server
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1440, "height": 900}
    )
    context.add_cookies([{"name": "toolbar", "value": "on", "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/page/")
    page.click("#djdt-RelationWalkPanel a")
    panel = page.locator("#RelationWalkPanel .erviz-walks")
    panel.wait_for()
    row = panel.locator('tr[data-relation="library.Book.author"]')
    assert "erviz-n-plus-one" in (row.get_attribute("class") or "")
    assert 'Book.objects.select_related("author")' in row.inner_text()
    # The diagram: both models, the relation labelled with its queries.
    svg = panel.locator("figure svg")
    assert svg.count() == 1
    text = svg.text_content() or ""
    assert "Book" in text and "Author" in text and "N+1" in text
    # The toolbar's own subtitle counts them.
    assert "1 N+1" in page.locator("#djdt-RelationWalkPanel").inner_text()
    page.screenshot(path="/tmp/erviz-panel.png")
    context.close()
    assert errors == []


def test_erviz_never_imports_the_toolbar():
    """A project without django-debug-toolbar: no module of erviz but the
    panel imports it (a new process, with every erviz module imported)."""
    code = (
        "import django, os, pkgutil, importlib, sys;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.settings';"
        "django.setup();"
        "import erviz;"
        "names = [m.name for m in pkgutil.walk_packages(erviz.__path__, 'erviz.')"
        " if m.name != 'erviz.panels' and '.migrations' not in m.name];"
        "[importlib.import_module(n) for n in names];"
        "print(len(names), 'debug_toolbar' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    count, imported = result.stdout.split()
    assert int(count) > 50 and imported == "False"
