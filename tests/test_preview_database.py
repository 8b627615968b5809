"""ERVIZ["PREVIEW_DATABASE"]: previews count on another database (a read
replica), say so, and a setting that misbehaves never breaks the page."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from demo_models.models import Author, Book, Publisher
from erviz.rows.database import preview_database
from tests.collector import djangos_counts

pytestmark = pytest.mark.django_db(databases=["default", "other"])


def an_author_on(alias: str) -> Author:
    author = Author.objects.using(alias).create(name="Octavia Butler")
    publisher = Publisher.objects.using(alias).create(name="p", country="x")
    for isbn in ("1", "2"):
        Book.objects.using(alias).create(
            title="t",
            isbn=isbn,
            publication_date="1979-06-01",
            page_count=1,
            price="1",
            author=author,
            publisher=publisher,
        )
    return author


def test_the_preview_counts_where_the_setting_says_and_says_so(admin_client, settings):
    settings.ERVIZ = {"PREVIEW_DATABASE": "other"}
    author = an_author_on("other")  # on "other" only, as on a replica
    url = f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/delete-preview/"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'on the database "other"' in page
    assert "a replica may lag behind the primary" in page
    assert response.context["preview"].deleted == djangos_counts(author, "other")
    out = StringIO()
    call_command(
        "erviz", "cascade", "demo_models.Author", "--pk", str(author.pk),
        "--format", "json", stdout=out,
    )  # fmt: skip
    document = json.loads(out.getvalue())
    assert document["database"] == "other"
    assert document["deleted"] == djangos_counts(author, "other")


def test_a_callable_chooses_per_model(settings):
    settings.ERVIZ = {
        "PREVIEW_DATABASE": lambda model: (
            "other" if model._meta.app_label == "demo_models" else None
        )
    }
    assert preview_database(Author) == "other"
    from django.contrib.auth.models import User

    assert preview_database(User) == "default"  # None: the write database


@pytest.mark.parametrize(
    "choice",
    [lambda model: 1 / 0, lambda model: "nowhere", "nowhere"],
    ids=["raises", "unknown alias from a callable", "unknown alias"],
)
def test_a_misbehaving_setting_falls_back_to_the_write_database(
    settings, choice, admin_client, caplog
):
    settings.ERVIZ = {"PREVIEW_DATABASE": choice}
    assert preview_database(Author) == "default"
    assert "PREVIEW_DATABASE" in caplog.text
    author = an_author_on("default")
    url = f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/delete-preview/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "a replica may lag" not in page.content.decode()


def test_the_default_page_names_its_database_and_no_lag(admin_client):
    author = an_author_on("default")
    url = f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/delete-preview/"
    page = admin_client.get(url).content.decode()
    assert 'on the database "default"' in page
    assert "a replica may lag" not in page
