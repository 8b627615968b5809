"""Every URL erviz builds for a row works for every primary key Django
allows: text keys holding "/", "?", "#", "%", spaces, escapes that look like
the admin's own ("_2F") and unicode (``sessions.Session`` has a CharField
key), negative integers. The key is escaped as the admin escapes it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.utils import quote
from django.contrib.sessions.models import Session
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from erviz.row_urls import row_url

pytestmark = pytest.mark.django_db

KEYS = [
    "a/b",
    "x?y#z",
    "with space",
    "50%",
    "_2F",
    "semi;colon:and@at",
    "ünïcødé/ключ",
    "..a",
    "-1",
]


@pytest.fixture(params=KEYS)
def session(request):
    return Session.objects.create(
        session_key=request.param,
        session_data="x",
        expire_date=timezone.now() + datetime.timedelta(days=1),
    )


def test_the_related_rows_and_preview_pages_of_any_text_key(session, admin_client):
    label = "sessions.Session"
    rows = row_url("related_rows", label, session.pk)
    preview = row_url("delete_preview", label, session.pk)
    assert rows and preview and "/" not in quote(session.pk)
    page = admin_client.get(rows)
    assert page.status_code == 200
    assert session.pk in page.content.decode()
    # The page's own links to the row work too: the preview, and the walk.
    assert f'href="{preview}"' in page.content.decode()
    assert admin_client.get(preview).status_code == 200
    walked = admin_client.get(
        row_url("related_rows", label, session.pk), {"via": f"{label}:{session.pk}"}
    )
    assert walked.status_code == 200
    assert rows.encode() in walked.content  # the crumb back to the first row


def test_the_object_tools_link_any_row(session, admin_user):
    """The change form's "Related rows" and "Preview delete" links exist
    and lead to the row (a None href before the key was escaped)."""
    request = RequestFactory().get("/")
    request.user = admin_user
    html = Template("{% load erviz %}{% erviz_object_tools opts original %}").render(
        Context({"request": request, "opts": Session._meta, "original": session})
    )
    for page in ("related_rows", "delete_preview"):
        assert f'href="{row_url(page, "sessions.Session", session.pk)}"' in html
    assert 'href="None"' not in html


def test_a_key_no_row_has_is_404_however_it_is_written(admin_client):
    for key in KEYS:
        url = row_url("related_rows", "sessions.Session", key)
        assert admin_client.get(url).status_code == 404, key


def test_a_negative_integer_key(admin_client):
    from demo_models.models import Publisher

    publisher = Publisher.objects.create(id=-5, name="Negative")
    for page in ("related_rows", "delete_preview"):
        url = row_url(page, "demo_models.Publisher", publisher.pk)
        assert admin_client.get(url).status_code == 200
