"""Every word of erviz's own on its pages goes through translation: in a
pseudo-locale that wraps every translated string in ⟦…⟧, each page kind is
rendered and any word outside the brackets must be data (a model, app,
field, accessor, type or row of the project) or code."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.utils import translation

from erviz.picture_cache import local_cache
from erviz.rows.related import related_rows
from erviz.schema import get_migration_names, get_schema

pytestmark = pytest.mark.django_db

OPEN, CLOSE = "⟦", "⟧"
#: Text that is code or a tooltip, not words for a person to read here.
SKIPPED = {"code", "pre", "kbd", "samp", "script", "style", "title", "textarea"}
#: What SQL, Python and the notation write, in any language.
CODE_WORDS = {
    "CASCADE", "PROTECT", "RESTRICT", "SET_NULL", "SET_DEFAULT", "SET", "DO_NOTHING",
    "DB_CASCADE", "DB_SET_NULL", "DB_SET_DEFAULT", "NULL", "on_delete", "pk", "id",
    "objects", "filter", "all", "select_related", "prefetch_related", "distinct",
    "related_name", "erviz", "SVG", "PNG", "PDF", "DOT", "JSON", "Mermaid",
    "PlantUML", "svg", "png", "pdf", "dot", "json", "mermaid", "plantuml", "MERMAID",
    "PLANTUML", "app_label", "Model", "unique", "null", "blank", "index",
}  # fmt: skip


@pytest.fixture
def pseudo(monkeypatch):
    """Every gettext family call returns its translation wrapped in ⟦…⟧."""
    trans: Any = getattr(translation, "_trans")  # noqa: B009 (private, untyped)
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        real = getattr(trans, name)

        def wrapped(*args: Any, real: Any = real) -> str:
            return f"{OPEN}{real(*args)}{CLOSE}"

        monkeypatch.setattr(trans, name, wrapped, raising=False)
    cache.clear()
    local_cache.clear()
    yield
    cache.clear()
    local_cache.clear()


class Texts(HTMLParser):
    """The text inside ``div#content`` (or the elements of ``classes``),
    outside code and tooltips, and the placeholders and labels there."""

    def __init__(self, classes: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.classes = classes
        self.stack: list[tuple[str, bool, bool]] = []
        self.found: list[str] = []
        #: The last text goes on in the next (a <wbr> came between).
        self.joined = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        inside = bool(self.stack and self.stack[-1][1])
        if not self.classes and tag == "div" and values.get("id") == "content":
            inside = True
        if self.classes and set((values.get("class") or "").split()) & set(
            self.classes
        ):
            inside = True
        skipped = bool(self.stack and self.stack[-1][2]) or tag in SKIPPED
        if tag == "wbr":  # a line-break opportunity inside one name
            self.joined = True
            return
        if tag not in ("br", "img", "input", "meta", "link", "hr", "path", "polygon",
                       "ellipse", "polyline"):  # fmt: skip
            self.stack.append((tag, inside, skipped))
        if inside and not skipped:
            for name in ("placeholder", "aria-label", "alt"):
                if values.get(name):
                    self.found.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.stack[-1][2]:
            if self.joined and self.found:
                self.found[-1] += data
            else:
                self.found.append(data)
        self.joined = False


def vocabulary() -> set[str]:
    """The project's own words: names, labels, fields, types, accessors,
    verbose names, help texts, migration names (the picker of ``?at=``),
    and the text of every row."""
    words: set[str] = set(CODE_WORDS)
    schema = get_schema()

    def add(*texts: object) -> None:
        for text in texts:
            words.update(re.findall(r"[^\W\d][\w]*", str(text or "")))

    for app in schema.apps:
        add(app.label, app.name, app.verbose_name)
    for model in schema.models:
        add(model.label, model.name, model.model_name, model.verbose_name,
            model.verbose_name_plural, model.db_table)  # fmt: skip
        for field in model.fields:
            add(field.name, field.type, field.internal_type, field.verbose_name,
                field.help_text, field.column)  # fmt: skip
    for relation in schema.relations:
        add(relation.id, relation.field, relation.reverse_accessor,
            relation.reverse_query_name, relation.related_name, relation.kind)  # fmt: skip
    for names in get_migration_names().values():
        add(*names, "zero")  # migrate's own word for "before the first"
    for concrete in apps.get_models():
        for obj in concrete._base_manager.all()[:500]:
            add(str(obj))
    return words


def untranslated(html: str, known: set[str], classes: tuple[str, ...] = ()) -> set[str]:
    parser = Texts(classes)
    parser.feed(html)
    text = " ".join(parser.found)
    # Innermost first: a translated string may hold translated parts.
    outside, previous = text, None
    while outside != previous:
        previous = outside
        outside = re.sub(rf"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", outside)
    return {w for w in re.findall(r"[^\W\d][\w]*", outside) if w not in known}


def page_urls() -> list[str]:
    from demo_models.models import Book, Customer, Store

    store = Store.objects.earliest("pk")
    customer = Customer.objects.earliest("pk")
    book = Book.objects.earliest("pk")
    rows = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    opened = [
        f"{rows}?open={m.accessor}"
        for m in related_rows(Customer, customer.pk, "default").reverse
    ]
    return [
        "/admin/erviz/",
        "/admin/erviz/?level=apps",
        "/admin/erviz/apps/demo_models/",
        "/admin/erviz/models/demo_models.Book/",
        "/admin/erviz/models/demo_models.Book/?panel=demo_models.Author",
        "/admin/erviz/models/demo_models.Book/panel/",
        "/admin/erviz/models/demo_models.Book/relations/author/",
        "/admin/erviz/models/demo_models.Book/path/demo_models.Customer/",
        "/admin/erviz/models/demo_models.Book/path/",
        "/admin/erviz/models/demo_models.Store/cascade/",
        f"/admin/erviz/models/demo_models.Store/rows/{store.pk}/delete-preview/",
        f"/admin/erviz/models/demo_models.Book/rows/{book.pk}/delete-preview/",
        rows,
        *opened,
        "/admin/erviz/search/?q=book",
        "/admin/erviz/models/demo_models.Book/?depth=0",  # the 400 page
        # The schema through time: a state, the changes since, a comparison.
        "/admin/erviz/models/demo_models.Book/?at=demo_models.0001",
        "/admin/erviz/models/demo_models.Book/changes/?since=demo_models.0001",
        "/admin/erviz/models/demo_models.Store/cascade/?at=demo_models.0001",
    ]


def test_every_page_kind_shows_only_translated_words_of_erviz(
    seeded, admin_client, pseudo
):
    known = vocabulary()
    found: dict[str, set[str]] = {}
    for url in page_urls():
        response = admin_client.get(url)
        assert response.status_code in (200, 400), url
        words = untranslated(response.content.decode(), known)
        if words:
            found[url] = words
    assert found == {}


def test_the_admin_pages_erviz_adds_to_are_translated_too(seeded, admin_client, pseudo):
    from demo_models.models import Book

    known = vocabulary()
    book = Book.objects.earliest("pk")
    pages = {
        "/admin/": ("erviz-dashboard",),
        "/admin/demo_models/book/": ("object-tools",),
        f"/admin/demo_models/book/{book.pk}/change/": ("object-tools",),
    }
    for url, classes in pages.items():
        html = admin_client.get(url).content.decode()
        assert OPEN in html, url
        assert untranslated(html, known, classes) == set(), url


def test_the_check_can_fail(pseudo):
    """English outside the brackets is found."""
    html = '<div id="content"><p>⟦Deleted⟧ rows of <code>x</code> Book</p></div>'
    assert untranslated(html, {"Book"}) == {"rows", "of"}
