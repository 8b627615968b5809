"""The explorer in a real browser (Debian's Chromium driven by Playwright),
under the demo site's strict Content-Security-Policy, with no console error."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import BROWSER, screenshot

pytestmark = BROWSER


def view_box(page: Page) -> list[float]:
    box = page.get_attribute("#erviz-diagram svg", "viewBox") or ""
    return [float(value) for value in box.split()]


def node(label: str) -> str:
    return f'#erviz-diagram g.node[data-model="{label}"][data-stub="false"]'


def test_overview_then_search_book_with_the_keyboard(page):
    response = page.goto("/admin/erviz/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#erviz-diagram g.node")
    if page.locator("#erviz-diagram g.node[data-app]").count():
        # A large project opens as a map of apps: walk into the demo's app
        # (Tab reaches every app, also those outside the first view).
        page.focus('#erviz-diagram g.node[data-app="demo_models"]')
        page.keyboard.press("Enter")
        page.wait_for_url("**/apps/demo_models/")
    else:
        screenshot(page, "overview")
    page.wait_for_selector(node("demo_models.Book"))
    assert page.locator("#erviz-diagram g.node").count() > 30

    page.fill("#erviz-search-input", "Book")
    first = page.locator("#erviz-search-results a").first
    first.wait_for()
    assert first.locator("strong").inner_text() == "Book"
    page.press("#erviz-search-input", "ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/models/demo_models.Book/")
    assert "Book" in page.inner_text("h1")


def test_panel_accessor_walk_and_history(page):
    page.goto("/admin/erviz/models/demo_models.Book/")
    page.click(node("demo_models.Author"))
    page.wait_for_selector('.erviz-panel-inner[data-model="demo_models.Author"]')
    assert "panel=demo_models.Author" in page.url
    screenshot(page, "panel")

    page.goto("/admin/erviz/models/demo_models.Author/")
    page.click('.erviz-panel-inner a.erviz-accessor:has-text("books")')
    page.wait_for_url("**/models/demo_models.Book/")
    page.wait_for_selector(node("demo_models.Book"))
    page.go_back()
    page.wait_for_url("**/models/demo_models.Author/")
    page.go_forward()
    page.wait_for_url("**/models/demo_models.Book/")
    assert "Book" in page.inner_text("h1")


def test_deep_link_restores_depth_direction_and_panel(page):
    page.goto(
        "/admin/erviz/models/demo_models.Book/?depth=2&direction=out&panel=demo_models.Publisher"
    )
    page.wait_for_selector('.erviz-panel-inner[data-model="demo_models.Publisher"]')
    assert page.input_value('select[name="depth"]') == "2"
    assert page.input_value('select[name="direction"]') == "out"


def test_changing_depth_draws_more_models(page):
    page.goto("/admin/erviz/models/demo_models.Book/")
    one = page.locator("#erviz-diagram g.node[data-stub=false]").count()
    page.select_option('select[name="depth"]', "2")
    page.wait_for_url("**depth=2**")
    page.wait_for_selector(node("demo_models.Book"))
    two = page.locator("#erviz-diagram g.node[data-stub=false]").count()
    assert two > one
    screenshot(page, "model")


def test_zoom_and_pan_change_the_view(page):
    page.goto("/admin/erviz/models/demo_models.Book/")
    page.wait_for_selector(node("demo_models.Book"))
    fitted = view_box(page)
    page.click('[data-zoom="in"]')
    zoomed = view_box(page)
    assert zoomed[2] < fitted[2]
    box = page.locator("#erviz-diagram").bounding_box()
    assert box
    # (From the middle: the legend lies over the top left corner.)
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*middle)
    page.mouse.down()
    page.mouse.move(middle[0] + 200, middle[1] + 100, steps=5)
    page.mouse.up()
    panned = view_box(page)
    assert panned[0] != zoomed[0] and panned[2] == zoomed[2]
    page.mouse.wheel(0, -400)
    assert view_box(page)[2] < panned[2]
    page.click('[data-zoom="fit"]')
    whole = page.evaluate(
        "(() => { const b = document.querySelector('#erviz-diagram svg g.graph')"
        ".getBBox(); return b.width; })()"
    )
    # The whole picture, however small its text (to a rounding of the box).
    assert view_box(page)[2] >= whole - 1
    assert page.get_attribute("#erviz-diagram", "data-clipped") is None
    # The script keeps its state in its modules: nothing on window or on
    # the diagram's element for another script to trip over.
    assert (
        page.evaluate(
            "Object.keys(window).filter(k => k.toLowerCase().startsWith('erviz'))"
            ".concat(Object.keys(document.getElementById('erviz-diagram')))"
        )
        == []
    )


def test_keyboard_opens_a_node_and_hover_lights_its_edges(page):
    page.goto("/admin/erviz/models/demo_models.Book/")
    page.focus(node("demo_models.Publisher"))
    page.keyboard.press("Enter")
    page.wait_for_selector('.erviz-panel-inner[data-model="demo_models.Publisher"]')
    page.hover(node("demo_models.Author"))
    lit = page.locator("#erviz-diagram g.edge.erviz-lit")
    assert lit.count() >= 2
    sources = {lit.nth(i).get_attribute("data-target") for i in range(lit.count())}
    assert "demo_models.Author" in sources


def test_download_the_png_of_the_current_view(page):
    page.goto("/admin/erviz/models/demo_models.Book/?depth=2")
    page.click(".erviz-download summary")
    with page.expect_download() as download:
        page.click('.erviz-download a:has-text("PNG")')
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"\x89PNG")
    assert (
        "depth=2" in download.value.url
        and "model=demo_models.Book" in download.value.url
    )


def test_admin_index_entry_and_model_links_reach_the_explorer(page):
    page.goto("/admin/")
    page.click("#erviz-dashboard-entry caption a")
    page.wait_for_url("**/admin/erviz/")
    page.goto("/admin/demo_models/book/")
    page.click("a.erviz-relationships")
    page.wait_for_url("**/models/demo_models.Book/")
    page.wait_for_selector(node("demo_models.Book"))


def test_preview_delete_from_a_change_form_and_a_blocker_link(page):
    from tests.factories import create_book

    book = create_book()
    publisher = book.publisher
    page.goto(f"/admin/demo_models/book/{book.pk}/change/")
    page.click("a.erviz-delete-preview")
    page.wait_for_url("**/delete-preview/")
    assert page.inner_text('td.erviz-count[data-model="demo_models.Book"]') == "1"
    page.goto(f"/admin/demo_models/publisher/{publisher.pk}/change/")
    page.click("a.erviz-delete-preview")
    page.wait_for_url("**/delete-preview/")
    assert "would be refused" in page.inner_text(".errornote")
    screenshot(page, "delete-preview")
    page.click(f'.erviz-blockers a[href="/admin/demo_models/book/{book.pk}/change/"]')
    page.wait_for_url(f"**/book/{book.pk}/change/")


def test_links_are_absent_for_staff_without_view_permission(browser, live_server):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from tests.factories import create_book

    book = create_book()
    clerk = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_author"))
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/demo_models/author/{book.author.pk}/change/")
    assert page.locator("a.erviz-relationships").count() == 1
    # Books: no view permission, so no admin page and no erviz links; the
    # requests are made without rendering (a 403 page logs a console error).
    change = page.request.get(f"/admin/demo_models/book/{book.pk}/change/")
    assert change.status == 403 and "erviz-" not in change.text()
    listing = page.request.get("/admin/demo_models/book/")
    assert listing.status == 403 and "erviz-" not in listing.text()
    preview = page.request.get(
        f"/admin/erviz/models/demo_models.Book/rows/{book.pk}/delete-preview/"
    )
    assert preview.status == 403
    context.close()


def test_the_admin_delete_page_summarises_a_big_cascade(page, seeded, settings):
    from demo_models.models import OrderLine, Store

    settings.ROOT_URLCONF = "tests.summary_urls"
    store = Store.objects.filter(orders__lines__isnull=False).earliest("pk")
    lines = OrderLine.objects.filter(order__store=store).count()
    page.goto(f"/admin/demo_models/store/{store.pk}/delete/")
    summary = page.inner_text("#content")
    assert f"Order lines: {lines:,}" in summary and "… and" in summary
    screenshot(page, "delete-summary")
    page.click("#content input[type=submit]")
    page.wait_for_url("**/admin/demo_models/store/")
    assert not Store.objects.filter(pk=store.pk).exists()
    assert not OrderLine.objects.filter(order__store_id=store.pk).exists()


PAGE_KINDS = [
    "/admin/erviz/",
    "/admin/erviz/apps/demo_models/",
    "/admin/erviz/models/demo_models.Book/",
    "/admin/erviz/models/demo_models.Author/cascade/",
    "/admin/erviz/models/demo_models.Book/panel/",
    "/admin/erviz/search/?q=book",
]


def test_no_page_is_wider_than_a_phone(phone):
    from tests.factories import create_book

    book = create_book()
    rows = f"/admin/erviz/models/demo_models.Book/rows/{book.pk}/"
    for url in [*PAGE_KINDS, rows, f"{rows}?open=categories", f"{rows}delete-preview/"]:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
        assert phone.evaluate(BROKEN_WORDS) == [], url


def test_a_tapped_model_opens_its_panel_in_view(phone):
    phone.goto("/admin/erviz/models/demo_models.Book/")
    phone.click('[data-zoom="fit"]')  # every model on the small screen
    target = phone.locator(node("demo_models.Author"))
    target.scroll_into_view_if_needed()
    target.tap()
    panel = phone.locator('.erviz-panel-inner[data-model="demo_models.Author"]')
    panel.wait_for(timeout=2000)
    phone.wait_for_function(
        "() => { const r = document.querySelector('#erviz-panel')"
        ".getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
        timeout=2000,
    )
    screenshot(phone, "phone-panel")


CONTRAST = (Path(__file__).parent / "contrast.js").read_text()
OVERLAPS = (Path(__file__).parent / "overlaps.js").read_text()


def test_edge_labels_collide_with_no_label_and_no_box(page):
    """On the overview, the app and every model of the demo, no field name
    or reverse accessor runs into another or into a model's box."""
    from django.apps import apps

    models = [m._meta.label for m in apps.get_app_config("demo_models").get_models()]
    urls = PAGE_KINDS[:2] + [f"/admin/erviz/models/{label}/" for label in models]
    labels = 0
    for url in urls:
        page.goto(url)
        page.wait_for_selector("#erviz-diagram svg g.node")
        found = page.evaluate(OVERLAPS)
        assert found["overlaps"] == [], url
        labels += found["labels"]
    assert labels > 10 * len(urls)


def test_every_diagram_text_has_3_to_1_contrast_in_light_and_dark(themed):
    for url in PAGE_KINDS[:4]:
        themed.goto(url)
        themed.wait_for_selector("#erviz-diagram svg g.node")
        if themed.locator("#erviz-diagram g.node[data-app]").count() == 0:
            themed.click('[data-zoom="fit"]')  # every text in view
        found = themed.evaluate(CONTRAST)
        assert found["count"] > 5, url
        assert found["bad"] == [], url
        if url == "/admin/erviz/models/demo_models.Book/":
            scheme = themed.evaluate(
                "matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'"
            )
            screenshot(themed, f"model-{scheme}")


TEXT_SIZES = """() => {
  const svg = document.querySelector("#erviz-diagram svg");
  const scale = svg.getScreenCTM().a;
  const area = svg.getBoundingClientRect();
  const sizes = [];
  for (const text of svg.querySelectorAll("text")) {
    const box = text.getBoundingClientRect();
    if (box.right < area.left || box.left > area.right) continue;
    if (box.bottom < area.top || box.top > area.bottom) continue;
    sizes.push(parseFloat(text.getAttribute("font-size")) * scale);
  }
  return sizes.sort((a, b) => a - b);
}"""


def test_every_view_opens_with_text_you_can_read(page):
    """The first view: median text 11 px or more, 90% of texts 9 px or
    more; "Fit" then shows the whole picture, however small its text, and
    zooming in makes it readable again."""
    for url in PAGE_KINDS[:3]:
        page.goto(url)
        page.wait_for_selector("#erviz-diagram[data-scale] svg g.node")  # set up
        sizes = page.evaluate(TEXT_SIZES)
        assert len(sizes) >= 8, url  # a view of the picture, not an empty corner
        assert sizes[len(sizes) // 2] >= 11, (url, sizes[len(sizes) // 2])
        assert sizes[len(sizes) // 10] >= 9, (url, sizes[len(sizes) // 10])
    page.click('[data-zoom="fit"]')
    assert page.evaluate(WHOLE_PICTURE_SHOWN)
    assert page.get_attribute("#erviz-diagram", "data-clipped") is None
    for _ in range(30):
        sizes = page.evaluate(TEXT_SIZES)
        if sizes and sizes[len(sizes) // 2] >= 11:
            break
        page.click('[data-zoom="in"]')
    assert sizes[len(sizes) // 2] >= 11


#: Whether every node and edge of the picture lies inside the diagram's box.
WHOLE_PICTURE_SHOWN = """() => {
  const area = document.querySelector("#erviz-diagram").getBoundingClientRect();
  const parts = document.querySelectorAll("#erviz-diagram svg g.node, #erviz-diagram svg g.edge");
  return parts.length > 0 && Array.from(parts).every((part) => {
    const box = part.getBoundingClientRect();
    if (!box.width && !box.height) return true;  // hidden (the picture's own legend)
    return box.left >= area.left - 1 && box.right <= area.right + 1
      && box.top >= area.top - 1 && box.bottom <= area.bottom + 1;
  });
}"""


def test_an_edge_click_opens_its_relation_and_is_a_deep_link(page):
    page.goto("/admin/erviz/models/demo_models.Book/")
    page.wait_for_selector("#erviz-diagram[data-scale]")
    edge = '#erviz-diagram g.edge[data-relation="demo_models.Book.author"]'
    page.locator(f"{edge} text").first.click()
    page.wait_for_selector(
        '.erviz-panel-inner[data-relation="demo_models.Book.author"]', timeout=2000
    )
    assert "relation=demo_models.Book.author" in page.url
    assert "erviz-selected" in (page.get_attribute(edge, "class") or "")
    assert "author.books.all()" in page.inner_text("#erviz-panel")
    page.reload()
    page.wait_for_selector(
        '.erviz-panel-inner[data-relation="demo_models.Book.author"]'
    )
    # The keyboard reaches edges too, and Enter opens one.
    page.focus('#erviz-diagram g.edge[data-relation="demo_models.Book.publisher"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(
        '.erviz-panel-inner[data-relation="demo_models.Book.publisher"]'
    )


def test_one_thing_is_selected_at_a_time(page):
    """A model, then an edge, then another edge: only the last is marked."""
    page.goto("/admin/erviz/models/demo_models.Book/")
    page.wait_for_selector("#erviz-diagram[data-scale]")
    selected = (
        "() => Array.from(document.querySelectorAll('#erviz-diagram .erviz-selected'),"
        " (e) => e.dataset.relation || e.dataset.model)"
    )
    page.locator(
        '#erviz-diagram g.node[data-model="demo_models.Book"] text'
    ).first.click()
    page.wait_for_selector('.erviz-panel-inner[data-model="demo_models.Book"]')
    assert page.evaluate(selected) == ["demo_models.Book"]
    for relation in ("demo_models.Book.author", "demo_models.Book.publisher"):
        edge = f'#erviz-diagram g.edge[data-relation="{relation}"]'
        page.locator(f"{edge} text").first.click()
        page.wait_for_selector(f'.erviz-panel-inner[data-relation="{relation}"]')
        assert page.evaluate(selected) == [relation]


def test_the_preview_page_shows_the_cascade_picture(page, seeded):
    from django.db.models import Count

    from demo_models.models import Store

    store = Store.objects.annotate(n=Count("orders__lines")).order_by("-n").first()
    assert store is not None
    page.goto(f"/admin/erviz/models/demo_models.Store/rows/{store.pk}/delete-preview/")
    picture = page.locator("figure.erviz-picture .erviz-wide > svg")
    picture.wait_for()
    box = picture.bounding_box()
    assert box and box["width"] > 300
    lines = page.inner_text('td.erviz-count[data-model="demo_models.OrderLine"]')
    assert f"{lines} rows deleted" in page.inner_text("figure.erviz-picture")
    # Each relation's edge says the rows it reaches, as the JSON does.
    from erviz.rows.delete_preview import preview_delete

    reached = preview_delete(store).document()["reached"]
    assert reached["demo_models.OrderLine.order"] > 1
    for key, count in reached.items():
        edge = f'figure.erviz-picture g.edge[data-relation="{key}"]'
        if page.locator(edge).count():
            assert f"{count:,} rows" in (page.text_content(edge) or ""), key
    screenshot(page, "delete-preview-picture")


def test_walk_related_rows_from_a_customer_to_order_lines_and_back(page, seeded):
    from demo_models.models import Customer

    customer = Customer.objects.filter(orders__lines__isnull=False).earliest("pk")
    page.goto(f"/admin/demo_models/customer/{customer.pk}/change/")
    page.click("a.erviz-related-rows")
    page.wait_for_url(f"**/models/demo_models.Customer/rows/{customer.pk}/")
    assert page.locator("figure.erviz-picture .erviz-wide > svg").count() == 1
    count = page.inner_text('tr[data-accessor="orders"] td.erviz-count')
    assert count == str(customer.orders.count())
    page.click('tr[data-accessor="orders"] td.erviz-count a')
    page.wait_for_url("**?open=orders")
    order = customer.orders.filter(lines__isnull=False).earliest("pk")
    page.click(f'a.erviz-row-link[href*="demo_models.Order/rows/{order.pk}/"]')
    page.wait_for_url(f"**/models/demo_models.Order/rows/{order.pk}/?via=*")
    assert f"Customer {customer.pk}" in page.inner_text(".breadcrumbs")
    lines = page.inner_text('tr[data-accessor="lines"] td.erviz-count')
    assert lines == str(order.lines.count())
    page.click('tr[data-accessor="lines"] td.erviz-count a')
    line = order.lines.earliest("pk")
    page.click(f'a.erviz-row-link[href*="demo_models.OrderLine/rows/{line.pk}/"]')
    page.wait_for_url(f"**/models/demo_models.OrderLine/rows/{line.pk}/?via=*")
    crumbs = page.inner_text(".breadcrumbs")
    assert f"Customer {customer.pk}" in crumbs and f"Order {order.pk}" in crumbs
    screenshot(page, "related-rows")
    page.go_back()
    page.wait_for_url("**open=lines")
    page.go_back()
    page.go_back()
    page.wait_for_url("**open=orders")
    # Each step is a deep link: reloaded, the page is the same.
    page.reload()
    assert page.inner_text('tr[data-accessor="orders"] td.erviz-count') == count


def test_a_simpler_picture_says_so_above_the_diagram_and_panel(
    page, settings, monkeypatch
):
    """Over its budget, a page draws fewer models: the sentence spans the
    layout above the picture, which keeps its place beside the panel."""
    from erviz.picture_cache import local_cache
    from erviz.render.fallback import attempts
    from erviz.render.options import DiagramOptions
    from erviz.schema import get_schema
    from tests.budget import estimated_as_twice_the_budget

    schema = get_schema()
    demo = frozenset(m.label for m in schema.models if m.app_label == "demo_models")
    asked = next(attempts(schema, demo, DiagramOptions(time_budget=1.0)))
    budget = estimated_as_twice_the_budget(monkeypatch, asked.seconds)
    settings.ERVIZ = {"PICTURE_TIME_BUDGET": budget}
    local_cache.clear()
    page.goto("/admin/erviz/apps/demo_models/")
    note = page.locator(".erviz-fallback-note")
    note.wait_for()
    assert "the most connected first" in note.inner_text()
    assert page.locator('#erviz-diagram[data-erviz-fallback="size"] > svg').count() == 1
    screenshot(page, "fallback")
    note_box = note.bounding_box()
    diagram = page.locator("#erviz-diagram").bounding_box()
    assert note_box and diagram
    assert diagram["y"] >= note_box["y"] + note_box["height"]
    assert abs(diagram["x"] - note_box["x"]) < 2
    # Nothing selected: the panel takes no room, the picture the whole width.
    assert page.locator("#erviz-panel").bounding_box() is None
    assert abs(diagram["width"] - note_box["width"]) < 2
    page.locator('#erviz-diagram g.node[data-stub="false"]').first.click()
    page.locator("#erviz-panel .erviz-panel-inner").wait_for()
    diagram = page.locator("#erviz-diagram").bounding_box()
    panel = page.locator("#erviz-panel").bounding_box()
    assert diagram and panel
    assert panel["x"] >= diagram["x"] + diagram["width"]
    assert abs(panel["y"] - diagram["y"]) < 2
    local_cache.clear()


#: The box, in window pixels, of what a page's first view shows of a node.
INSIDE_THE_WINDOW = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  const diagram = document.querySelector("#erviz-diagram").getBoundingClientRect();
  const left = Math.max(0, diagram.left), top = Math.max(0, diagram.top);
  const right = Math.min(window.innerWidth, diagram.right);
  const bottom = Math.min(window.innerHeight, diagram.bottom);
  return box.width > 0 && box.left >= left - 1 && box.right <= right + 1
    && box.top >= top - 1 && box.bottom <= bottom + 1;
}"""


@pytest.mark.parametrize(
    ("url", "subject"),
    [
        ("/admin/erviz/models/demo_models.Book/", "demo_models.Book"),
        ("/admin/erviz/models/demo_models.Customer/cascade/", "demo_models.Customer"),
        ("/admin/erviz/models/demo_models.Author/cascade/", "demo_models.Author"),
        ("/admin/erviz/models/demo_models.Order/", "demo_models.Order"),
    ],
)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_first_view_shows_the_subject_whole_and_the_legend(
    request, url, subject, size
):
    """At 1440 x 900 and on a 390 x 844 phone, without scrolling: the page's
    model (a cascade's root) whole inside the part of the diagram in the
    window, and the legend (folded to its title on the phone)."""
    page = request.getfixturevalue("page" if size == "desktop" else "phone")
    page.goto(url)
    page.wait_for_selector("#erviz-diagram[data-scale] svg g.node")
    node = f'#erviz-diagram g.node[data-model="{subject}"][data-stub="false"]'
    assert page.evaluate(INSIDE_THE_WINDOW, node), (url, size)
    assert page.evaluate(INSIDE_THE_WINDOW, "#erviz-diagram .erviz-legend summary")
    legend = page.locator("#erviz-diagram .erviz-legend li")
    assert legend.count() >= 2
    if size == "desktop":
        assert legend.first.is_visible()


#: The font sizes (window pixels) of the answer picture's texts in view.
ANSWER_TEXT_SIZES = """() => {
  const svg = Array.from(document.querySelectorAll(".erviz-picture svg"))
    .find((picture) => picture.getBoundingClientRect().width > 0);
  if (!svg) return [];
  const scale = svg.getScreenCTM().a;
  const sizes = [];
  for (const text of svg.querySelectorAll("text")) {
    const box = text.getBoundingClientRect();
    if (box.bottom < 0 || box.top > innerHeight || box.right < 0 || box.left > innerWidth) continue;
    sizes.push(parseFloat(text.getAttribute("font-size")) * scale);
  }
  return sizes.sort((a, b) => a - b);
}"""

#: The words (runs of two or more characters of one text node, without a
#: blank or a hyphen, after which lines may break) that the page's layout
#: breaks across lines.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("#content"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest("svg, script, style")) continue;
    const words = /[^\\s-]{2,}/g;
    let word;
    while ((word = words.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set(Array.from(range.getClientRects())
        .filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


def test_answer_pictures_are_drawn_for_a_phone(phone, seeded):
    """The delete preview, related rows and path pages on a 390 px phone:
    the picture laid out for its width, its text 9 px or more at the first
    view, and no word of the page broken across lines."""
    from demo_models.models import Customer

    customer = Customer.objects.filter(orders__lines__isnull=False).earliest("pk")
    rows = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    for url in [
        f"{rows}delete-preview/",
        rows,
        "/admin/erviz/models/demo_models.Book/path/?to=customer",
        "/admin/erviz/models/demo_models.OrderLine/path/?to=auth.User",
    ]:
        phone.goto(url)
        phone.locator(".erviz-picture .erviz-narrow > svg").wait_for()
        assert phone.locator(".erviz-picture .erviz-wide").is_hidden(), url
        sizes = phone.evaluate(ANSWER_TEXT_SIZES)
        assert len(sizes) >= 3, url
        assert sizes[len(sizes) // 2] >= 9, (url, sizes)
        assert phone.evaluate(BROKEN_WORDS) == [], url
    screenshot(phone, "phone-path")


def test_the_path_finder_answers_a_typed_name_above_the_fold(page):
    """From Customer's panel, "book" typed as a person would: the chosen
    path, its lookup and its picture start inside the first screen."""
    page.goto("/admin/erviz/models/demo_models.Customer/")
    page.fill(".erviz-path-form input[name=to]", "book")
    page.click(".erviz-path-form button")
    page.wait_for_url("**/path/?to=book")
    chosen = page.locator(".erviz-path-chosen")
    box = chosen.bounding_box()
    assert box and box["y"] + box["height"] <= 900
    assert "Customer.objects.filter(" in chosen.inner_text()
    picture = page.locator("figure.erviz-picture .erviz-wide > svg").bounding_box()
    assert picture and picture["y"] < 900
    drawn = page.locator("figure.erviz-picture .erviz-wide").text_content() or ""
    assert "from here" in drawn and "to here" in drawn
