"""The explorer's pages through Django's test client: access, bad input,
fragments, search, downloads and what the panel says."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from erviz.schema import build_schema
from erviz.schema.explain import guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def superuser(admin_client):
    return admin_client


def test_anonymous_users_go_to_the_admin_login_and_come_back(client):
    url = reverse("erviz:model", args=["demo_models.Book"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" + url in response["Location"]


def test_non_staff_users_are_not_admitted(client):
    user = get_user_model().objects.create_user("visitor", password="pw")
    client.force_login(user)
    assert client.get(reverse("erviz:overview")).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/erviz/",
        "/admin/erviz/apps/demo_models/",
        "/admin/erviz/models/demo_models.Book/",
        "/admin/erviz/models/demo_models.Book/?depth=3&direction=out&fields=none",
        "/admin/erviz/models/demo_models.book/",
        "/admin/erviz/models/demo_models.Book/panel/",
        "/admin/erviz/search/?q=book",
    ],
)
def test_pages_render_for_staff(superuser, url):
    response = superuser.get(url)
    assert response.status_code == 200
    assert b"<html" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/admin/erviz/apps/nope/",
        "/admin/erviz/models/demo_models.Nope/",
        "/admin/erviz/models/nope/",
        "/admin/erviz/models/demo_models.Book_categories/",
        "/admin/erviz/models/demo_models.Nope/panel/",
        "/admin/erviz/export/xlsx/",
        "/admin/erviz/export/svg/?model=demo_models.Nope",
        "/admin/erviz/export/svg/?app=nope",
    ],
)
def test_unknown_apps_models_and_formats_are_404(superuser, url):
    assert superuser.get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("depth=abc", "depth must be a whole number from 1 to 6"),
        ("depth=1000000000", "depth must be a whole number"),
        ("depth=0", "depth must be a whole number"),
        ("depth=-1", "depth must be a whole number"),
        ("depth=%EF%BC%91", "depth must be a whole number"),
        ("depth=" + "0" * 5000 + "1", "depth must be a whole number"),
        ("depth=000001000", "depth must be a whole number"),
        ("depth=01", "depth must be a whole number"),
        ("direction=sideways", "direction must be one of in, out, both"),
        ("fields=some", "fields must be one of all, keys, none"),
        ("theme=neon", "theme must be one of light, dark"),
    ],
)
def test_bad_parameters_are_a_400_page_that_says_why(superuser, query, message):
    for url in ("/admin/erviz/models/demo_models.Book/", "/admin/erviz/export/svg/"):
        response = superuser.get(f"{url}?{query}")
        assert response.status_code == 400
        assert message in response.content.decode()


def test_level_must_be_apps_or_models(superuser):
    assert superuser.get("/admin/erviz/?level=planets").status_code == 400


def test_pages_work_without_javascript_through_linked_svg_nodes(superuser):
    html = superuser.get("/admin/erviz/models/demo_models.Author/").content.decode()
    assert "<svg" in html
    links = set(re.findall(r'xlink:href="([^"]+)"', html))
    assert "/admin/erviz/models/demo_models.Book/" in links
    # The controls are a plain GET form.
    assert 'name="depth"' in html and "<form" in html


def test_the_model_view_opens_its_own_panel_and_restores_deep_links(superuser):
    html = superuser.get("/admin/erviz/models/demo_models.Book/").content.decode()
    assert 'class="erviz-panel-inner" data-model="demo_models.Book"' in html
    html = superuser.get(
        "/admin/erviz/models/demo_models.Book/?depth=2&direction=in&panel=demo_models.Author"
    ).content.decode()
    assert 'data-model="demo_models.Author"' in html
    assert '<option value="2" selected>' in html
    assert '<option value="in" selected>' in html


def test_panel_is_a_fragment_for_htmx_and_a_page_otherwise(superuser):
    url = "/admin/erviz/models/demo_models.Author/panel/"
    fragment = superuser.get(
        url, headers={"HX-Request": "true", "HX-Target": "erviz-panel"}
    )
    assert b"<html" not in fragment.content
    assert b"books" in fragment.content
    assert b"<html" in superuser.get(url).content


def test_large_layouts_load_after_the_page_behind_an_indicator(superuser, settings):
    from django.core.cache import cache

    from erviz.picture_cache import local_cache

    cache.clear()
    local_cache.clear()
    settings.ERVIZ = {"LAZY_ABOVE_MODELS": 1}
    page = superuser.get("/admin/erviz/?theme=light&fields=none").content.decode()
    assert 'class="erviz-diagram erviz-loading"' in page
    assert "data-model=" not in page
    assert "wait=1" in page  # the way without JavaScript
    fragment = superuser.get(
        "/admin/erviz/?theme=light&fields=none",
        headers={"HX-Request": "true", "HX-Target": "erviz-diagram"},
    ).content.decode()
    assert (
        fragment.lstrip().startswith('<div id="erviz-diagram"') and "<svg" in fragment
    )


def test_a_hub_is_copied_once_into_each_app_that_points_at_it(superuser):
    """The user model, which many apps point at, is drawn as one small copy
    per source app (not per source model), and the legend says so."""
    html = superuser.get("/admin/erviz/?fields=none").content.decode()
    copies = re.findall(r'id="erviz&#45;model&#45;auth\.User@([^"]+)"', html)
    assert len(copies) > 1 and len(copies) == len(set(copies))
    schema = build_schema()
    pointing = {
        r.source.split(".")[0]
        for r in schema.relations
        if r.target == "auth.User" and r.source.split(".")[0] != "auth"
    }
    assert set(copies) <= pointing
    sources = [r.source for r in schema.relations if r.target == "auth.User"]
    assert len(copies) < len(set(sources))  # fewer copies than source models
    assert "copied once into each app that points at it" in html


def test_a_large_project_starts_as_a_map_of_apps(superuser, settings):
    settings.ERVIZ = {"OVERVIEW_MAX_MODELS": 10}
    html = superuser.get("/admin/erviz/").content.decode()
    assert 'data-app="demo_models"' in html
    assert "/admin/erviz/apps/demo_models/" in html
    assert "?level=models" in html
    html = superuser.get("/admin/erviz/?level=models").content.decode()
    assert (
        'data-app="demo_models"' not in html and 'data-model="demo_models.Book"' in html
    )


def test_search_finds_models_by_name_verbose_name_and_table_and_apps(superuser):
    def names(q):
        html = superuser.get(
            f"/admin/erviz/search/?q={q}", headers={"HX-Request": "true"}
        ).content.decode()
        return re.findall(r"<strong>([^<]+)</strong>", html)

    assert names("Book")[0] == "Book"
    assert "Category" in names("categories")  # the verbose_name_plural
    assert names("demo_models_orderline") == ["OrderLine"]
    assert "Bookstore demo" in names("bookstore")
    assert names("zzzz") == []


def test_downloads_are_attachments_of_what_the_page_shows(superuser):
    response = superuser.get("/admin/erviz/export/png/?model=demo_models.Book&depth=1")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert 'filename="erviz-demo_models.Book.png"' in response["Content-Disposition"]
    mermaid = superuser.get(
        "/admin/erviz/export/mermaid/?model=demo_models.Book"
    ).content
    assert (
        b"demo_models__Publisher" in mermaid and b"demo_models__Order " not in mermaid
    )
    apps = superuser.get("/admin/erviz/export/json/?level=apps").json()
    assert apps["level"] == "apps"


def test_user_content_is_escaped_in_pages(superuser):
    html = superuser.get("/admin/erviz/models/thirdparty.Marked/").content.decode()
    assert '<b>"x"' not in html and "<script>alert" not in html
    assert "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;" in html  # panel, and SVG text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # help text


def test_the_guide_writes_the_orm_a_developer_types(schema):
    book_author = guide(schema, schema.relations_by_id["demo_models.Book.author"])
    assert book_author.forward == "book.author"
    assert book_author.reverse == "author.books.all()"
    assert book_author.filter_forward == "Book.objects.filter(author__name=...)"
    assert book_author.filter_reverse == "Author.objects.filter(books__title=...)"
    assert book_author.fetch_forward == 'Book.objects.select_related("author")'
    assert book_author.fetch_reverse == 'Author.objects.prefetch_related("books")'
    assert (
        book_author.on_delete
        == "Deleting an Author also deletes the Book rows that point to it."
    )
    comment_post = guide(schema, schema.relations_by_id["demo_models.Comment.post"])
    assert comment_post.filter_reverse == "Post.objects.filter(comment__body=...)"
    profile = guide(schema, schema.relations_by_id["demo_models.Profile.user"])
    assert profile.reverse == "user.profile"
    assert profile.fetch_reverse == 'User.objects.select_related("profile")'
    tags = guide(schema, schema.relations_by_id["thirdparty.Article.tags"])
    assert tags.reverse is None  # taggit installs no attribute on Tag
    assert tags.filter_reverse == "Tag.objects.filter(article__title=...)"
    assert (
        "ProtectedError"
        in guide(schema, schema.relations_by_id["demo_models.Book.publisher"]).on_delete
    )


def test_every_count_a_person_reads_counts_the_same_models_and_apps(superuser, schema):
    """The admin index entry, the overview heading, the app map's boxes,
    search results and the app pages: models without the auto-created
    link tables, apps with at least one model."""
    per_app = {
        app.label: sum(
            1 for label in app.models if not schema.models_by_label[label].auto_created
        )
        for app in schema.apps
    }
    per_app = {label: n for label, n in per_app.items() if n}
    models, apps = sum(per_app.values()), len(per_app)
    index = superuser.get("/admin/").content.decode()
    assert f"Relationships of {models} models in {apps} apps" in index
    overview = superuser.get("/admin/erviz/").content.decode()
    assert f"ER diagram: {models} models in {apps} apps" in overview
    assert models > 1 and apps > 1  # (one model would read "1 model")
    app_map = superuser.get("/admin/erviz/export/svg/?level=apps").content.decode()
    boxes = dict(
        re.findall(r">([\w.]+)</text>\s*<text[^>]*>[^<]*· (\d+) model", app_map)
    )
    assert {label: int(n) for label, n in boxes.items()} == per_app
    for label, count in per_app.items():
        found = superuser.get(f"/admin/erviz/search/?q={label}").content.decode()
        noun = "model" if count == 1 else "models"
        assert f"app {label} · {count} {noun}" in found
        page = superuser.get(f"/admin/erviz/apps/{label}/").content.decode()
        assert page.count('data-stub="false"') == count


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_pages_only_read_other_methods_are_405(superuser, method):
    for url in (
        "/admin/erviz/",
        "/admin/erviz/models/demo_models.Book/",
        "/admin/erviz/export/svg/",
        "/admin/erviz/models/demo_models.Book/rows/1/delete-preview/",
    ):
        assert getattr(superuser, method)(url).status_code == 405
    assert superuser.head("/admin/erviz/").status_code == 200


@pytest.mark.parametrize("pk", ["%00", "abc%00def", "%00" * 50])
def test_a_nul_byte_in_a_pk_is_a_404(superuser, pk):
    # sessions.Session has a text primary key: PostgreSQL refuses NUL bytes.
    url = f"/admin/erviz/models/sessions.Session/rows/{pk}/delete-preview/"
    assert superuser.get(url).status_code == 404
    book = f"/admin/erviz/models/demo_models.Book/rows/{pk}/delete-preview/"
    assert superuser.get(book).status_code == 404


def _models_drawn(svg: str) -> set[str]:
    return set(re.findall(r'data-model="([^"]+)" data-stub="false"', svg))


@pytest.mark.parametrize(
    ("page", "filename"),
    [
        ("/admin/erviz/?level=models", "erviz-models.svg"),
        ("/admin/erviz/?fields=all&level=models", "erviz-models.svg"),
        ("/admin/erviz/?level=apps", "erviz-apps.svg"),
        ("/admin/erviz/apps/demo_models/", "erviz-demo_models.svg"),
        ("/admin/erviz/models/demo_models.Book/", "erviz-demo_models.Book.svg"),
        (
            "/admin/erviz/models/demo_models.Book/?depth=2&direction=out&fields=none",
            "erviz-demo_models.Book.svg",
        ),
        (
            "/admin/erviz/models/demo_models.Author/cascade/",
            "erviz-demo_models.Author-cascade.svg",
        ),
    ],
)
def test_each_pages_download_draws_what_the_page_draws(superuser, page, filename):
    """The page and its download read one scope: the same models, the same
    field lists, at the same level, named after the page."""
    html = superuser.get(page + ("&" if "?" in page else "?") + "wait=1")
    text = html.content.decode()
    link = re.search(r'href="([^"]*/export/svg/\?[^"]*)"', text)
    assert link, "the page offers an SVG download"
    download = superuser.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    assert f'filename="{filename}"' in download["Content-Disposition"]
    svg = download.content.decode()
    start = text.index("<svg width=")  # the diagram, not the admin's icons
    inline = text[start : text.index("</svg>", start)]
    assert _models_drawn(svg) == _models_drawn(inline)
    # Field rows are drawn alike: the same text, without the page's links.
    assert re.findall(r">([^<]+)</text>", svg) == re.findall(r">([^<]+)</text>", inline)


def test_a_relation_has_its_own_panel_and_deep_link(superuser):
    panel = superuser.get(
        "/admin/erviz/models/demo_models.Book/relations/author/",
        headers={"HX-Request": "true", "HX-Target": "erviz-panel"},
    )
    text = panel.content.decode()
    # Snippets may wrap after a dot, comma, parenthesis or a lookup's "__",
    # never in a name.
    seams = re.findall(r"(__|.)<wbr>", text)
    assert seams and set(seams) <= {".", ",", "(", "__"}
    text = text.replace("<wbr>", "")
    assert panel.status_code == 200
    assert 'data-relation="demo_models.Book.author"' in text
    assert "author.books.all()" in text and "Book.objects.filter(author__" in text
    assert "Deleting an Author also deletes the Book rows" in text
    page = superuser.get(
        "/admin/erviz/models/demo_models.Book/?relation=demo_models.Book.author"
    ).content.decode()
    assert 'data-selected-relation="demo_models.Book.author"' in page
    assert (
        '<div class="erviz-panel-inner" data-relation="demo_models.Book.author">'
        in page
    )
    full = superuser.get("/admin/erviz/models/demo_models.Book/relations/author/")
    assert full.status_code == 200 and "<html" in full.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/erviz/models/demo_models.Book/relations/nope/",
        "/admin/erviz/models/demo_models.Nope/relations/author/",
        "/admin/erviz/models/demo_models.Book/?relation=demo_models.Book.nope",
    ],
)
def test_an_unknown_relation_is_a_404(superuser, url):
    assert superuser.get(url).status_code == 404


def test_the_cascade_page_marks_what_happens_to_each_model(superuser):
    page = superuser.get("/admin/erviz/models/demo_models.Author/cascade/?wait=1")
    text = page.content.decode()

    def node(label: str) -> str:
        found = re.search(
            rf'data-model="{re.escape(label)}" data-stub="false".*?</g>\s*</g>',
            text,
            re.S,
        )
        assert found, label
        return found.group(0)

    assert "the row you delete" in node("demo_models.Author")
    assert "rows deleted" in node("demo_models.Book")
    assert "rows updated" in node("demo_models.Product")  # Product.book SET_NULL


def test_app_map_links_say_what_they_count(superuser):
    svg = superuser.get("/admin/erviz/export/svg/?level=apps").content.decode()
    labels = re.findall(
        r'id="erviz&#45;applink[^"]*".*?<text[^>]*>([^<]+)</text>', svg, re.S
    )
    assert labels and all(re.fullmatch(r"\d+ relations?", text) for text in labels)
