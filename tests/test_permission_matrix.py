"""Who sees what, for every kind of user and every kind of URL, in both
``SCHEMA_VISIBILITY`` modes: status codes, and no name or row of a model the
user may not view."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from erviz.render import FORMATS
from tests.factories import create_book

pytestmark = pytest.mark.django_db

USERS = ("anonymous", "not staff", "staff", "staff viewing authors", "superuser")
#: A model the "staff viewing authors" user may not view, and its row's text.
HIDDEN = re.compile(r"demo_models\.Book\b|Kindred")


@pytest.fixture
def book():
    return create_book()


def client_for(kind: str) -> Client:
    client = Client()
    if kind == "anonymous":
        return client
    User = get_user_model()
    if kind == "superuser":
        user = User.objects.create_superuser("root", password="pw")
    else:
        user = User.objects.create_user(
            kind.replace(" ", "_"), password="pw", is_staff=kind != "not staff"
        )
        if kind == "staff viewing authors":
            user.user_permissions.add(Permission.objects.get(codename="view_author"))
    client.force_login(user)
    return client


def urls(book) -> dict[str, str]:
    author = book.author
    found = {
        "overview": "/admin/erviz/",
        "app map": "/admin/erviz/?level=apps",
        "app": "/admin/erviz/apps/demo_models/",
        "author page": "/admin/erviz/models/demo_models.Author/",
        "book page": "/admin/erviz/models/demo_models.Book/",
        "author panel": "/admin/erviz/models/demo_models.Author/panel/",
        "book panel": "/admin/erviz/models/demo_models.Book/panel/",
        "book relation": "/admin/erviz/models/demo_models.Book/relations/author/",
        "book path": "/admin/erviz/models/demo_models.Book/path/demo_models.Author/",
        "author cascade": "/admin/erviz/models/demo_models.Author/cascade/",
        "search": "/admin/erviz/search/?q=o",
        "author preview": "/admin/erviz/models/demo_models.Author/rows/"
        f"{author.pk}/delete-preview/",
        "book preview": f"/admin/erviz/models/demo_models.Book/rows/{book.pk}/"
        "delete-preview/",
        "author rows": f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/",
        # Books are hidden from the staff: their accessor is answered as one
        # that does not exist.
        "author rows opened": f"/admin/erviz/models/demo_models.Author/rows/"
        f"{author.pk}/?open=books",
        "book rows": f"/admin/erviz/models/demo_models.Book/rows/{book.pk}/",
        "admin index": "/admin/",
    }
    for fmt in FORMATS:
        found[f"export {fmt}"] = f"/admin/erviz/export/{fmt}/"
    return found


def expected_status(user: str, mode: str, name: str) -> int:
    if user in ("anonymous", "not staff"):
        return 302
    if user == "superuser":
        return 200
    if name == "admin index":
        return 200
    views_authors = user == "staff viewing authors"
    if name == "author rows opened":
        return 400 if views_authors else 403
    if name.endswith(("preview", "rows")):  # rows: the model's own view rule
        return 200 if views_authors and name.startswith("author") else 403
    if mode == "staff":
        return 200
    if name.startswith("book"):
        return 403
    if name.startswith("author"):
        return 200 if views_authors else 403
    if name == "app":
        return 200 if views_authors else 403  # every model of it is hidden
    return 200


@pytest.mark.parametrize("mode", ["permitted", "staff"])
@pytest.mark.parametrize("user", USERS)
def test_status_and_what_shows_for_each_user_and_url(settings, book, mode, user):
    settings.ERVIZ = {"SCHEMA_VISIBILITY": mode}
    client = client_for(user)
    for name, url in urls(book).items():
        response = client.get(url)
        expected = expected_status(user, mode, name)
        assert response.status_code == expected, (name, response.status_code)
        if expected != 200 or user == "superuser":
            continue
        body = response.content.decode(errors="replace")
        if name.endswith(("preview", "rows")):
            assert "Kindred" not in body  # the book's row is never named
        if mode == "permitted" and not name.endswith(("png", "pdf")):
            assert not HIDDEN.search(body), name
        if mode == "permitted" and name == "export json":
            models = {m["label"] for m in json.loads(body)["models"]}
            visible = {"demo_models.Author"} if user.endswith("authors") else set()
            assert models == visible
        if mode == "permitted" and name in ("overview", "search"):
            assert "hidden: you may not view" in body


def test_a_superuser_sees_everything_the_staff_mode_shows(settings, book):
    superuser = client_for("superuser")
    page = superuser.get("/admin/erviz/models/demo_models.Author/panel/")
    assert "demo_models.Book" in page.content.decode()
    assert "erviz-hidden" not in page.content.decode()


def test_the_panel_says_how_many_relations_are_hidden(book):
    page = client_for("staff viewing authors").get(
        "/admin/erviz/models/demo_models.Author/panel/"
    )
    text = page.content.decode()
    assert re.search(
        r"\d+ relations? to models? you may not view (is|are) hidden", text
    )


def test_counts_read_in_the_singular_for_one(book):
    client = client_for("staff viewing authors")
    overview = client.get("/admin/erviz/").content.decode()
    assert "ER diagram: 1 model in 1 app" in overview
    preview = client.get(
        f"/admin/erviz/models/demo_models.Author/rows/{book.author.pk}/delete-preview/"
    ).content.decode()
    # No delete permission on authors, nor on the hidden books: counted once.
    assert "demo_models.Author, 1 model you may not view." in preview
