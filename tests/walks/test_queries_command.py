"""``manage.py erviz queries URL`` and ``erviz.testing.assert_no_n_plus_one``."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from erviz.testing import assert_no_n_plus_one

from .library.models import Author, Book


def queries(*args: str) -> tuple[Any, str]:
    out, err = StringIO(), StringIO()
    call_command("erviz", "queries", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_report_names_the_walk_and_its_advice(library, settings):
    # A production's settings (the test run adds testserver to them).
    settings.ALLOWED_HOSTS = ["library.example"]
    settings.DEBUG = False
    out, err = queries("/two-hops/", "--format", "json")
    report = json.loads(out)
    assert report["url"] == "/two-hops/" and report["status"] == 200
    # The settings' ALLOWED_HOSTS lack testserver: the command says so.
    assert "testserver" in err and "rolled back" in err
    walks = {walk["relation"]: walk for walk in report["walks"]}
    deeper = walks["library.Author.publisher"]
    assert deeper["from"] == "library.Author" and deeper["accessor"] == "publisher"
    assert deeper["n_plus_one"] is True
    assert deeper["advice"]["method"] == "select_related"
    assert deeper["advice"]["lookup"] == "author__publisher"
    assert deeper["advice"]["on"] == "library.Book"
    books = Book.objects.count()
    assert report["queries"] == 1 + 2 * books
    assert deeper["advice"]["queries_after"] == 1
    assert report["unused"] == []


@pytest.mark.django_db(transaction=True)
def test_the_text_report_and_a_user(library):
    get_user_model().objects.create_user("reader", password="x")
    out, err = queries("/forward/", "--user", "reader")
    assert "N+1: library.Book.author read as library.Book.author" in out
    assert 'Book.objects.select_related("author")' in out
    assert "as reader" in err


@pytest.mark.django_db(transaction=True)
def test_the_request_writes_nothing(library):
    authors = Author.objects.count()
    get_user_model().objects.create_user("reader", password="x")
    queries("/correct/", "--user", "reader", "--method", "post")
    assert Author.objects.count() == authors
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [["http://example.com/"], ["books/"], ["/forward/", "--user", "nobody"]],
)
def test_a_bad_url_or_user_exits_2(args):
    with pytest.raises(CommandError) as error:
        queries(*args)
    assert error.value.returncode == 2


def test_assert_no_n_plus_one_names_the_relation_and_the_fix(library, client):
    with pytest.raises(AssertionError) as failed, assert_no_n_plus_one():
        client.get("/forward/", HTTP_HOST="library.example")
    message = str(failed.value)
    assert "library.Book.author" in message
    assert 'Book.objects.select_related("author")' in message
    with assert_no_n_plus_one():
        client.get("/correct/", HTTP_HOST="library.example")


@pytest.mark.django_db(transaction=True)
def test_a_view_that_fails_is_reported_with_its_status_and_walks(library):
    out, _ = queries("/broken/", "--format", "json")
    report = json.loads(out)
    assert report["status"] == 500
    (walk,) = report["walks"]
    assert walk["relation"] == "library.Book.author" and walk["n_plus_one"]
