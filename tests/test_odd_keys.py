"""Every URL erviz builds for a row works for every primary key Django
allows: text keys holding "/", "?", "#", "%", spaces, escapes that look like
the admin's own ("_2F") and unicode (``sessions.Session`` has a CharField
key), negative integers, UUIDs, and composite keys (Django 5.2+), whose
parts are separated by commas. The key is escaped as the admin escapes it."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.contrib.admin.utils import quote
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from erviz.row_urls import row_url
from tests.collector import djangos_counts

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


# -- UUID keys, text keys of a related model, composite keys (Django 5.2+) ---


@pytest.fixture
def ticket():
    from tests.oddkeys.models import Seat, Stub, Ticket

    ticket = Ticket.objects.create(name="opening night")
    Stub.objects.create(code="row a/seat 1?", ticket=ticket)
    Seat.objects.create(hall="A,b/", number=1, ticket=ticket)
    Seat.objects.create(hall="B", number=-2, ticket=ticket)
    return ticket


def opened_links(admin_client, label: str, pk, accessor: str) -> list[str]:
    """The row links an opened accessor of a row's page lists."""
    page = admin_client.get(row_url("related_rows", label, pk), {"open": accessor})
    assert page.status_code == 200
    listed = page.content.decode().split('class="erviz-row-list"')[1].split("</ul>")[0]
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="([^"]+)" class="erviz-row-link"', listed)
    ]


def test_a_uuid_key_and_the_rows_around_it(ticket, admin_client):
    from tests.oddkeys.models import Seat, Stub

    for page in ("related_rows", "delete_preview"):
        assert (
            admin_client.get(row_url(page, "oddkeys.Ticket", ticket.pk)).status_code
            == 200
        )
    stubs = opened_links(admin_client, "oddkeys.Ticket", ticket.pk, "stubs")
    seats = opened_links(admin_client, "oddkeys.Ticket", ticket.pk, "seats")
    assert len(stubs) == Stub.objects.count() and len(seats) == Seat.objects.count()
    back = row_url("related_rows", "oddkeys.Ticket", ticket.pk)
    assert back is not None
    for link in stubs + seats:
        walked = admin_client.get(link)
        assert walked.status_code == 200, link
        assert back.encode() in walked.content  # the crumb back to the ticket
    preview = admin_client.get(row_url("delete_preview", "oddkeys.Ticket", ticket.pk))
    assert preview.context["preview"].deleted == djangos_counts(ticket)
    assert preview.context["preview"].updated == {"oddkeys.Seat.ticket": 2}
    for bad in ("not-a-uuid", str(ticket.pk)[:-1]):
        assert (
            admin_client.get(row_url("related_rows", "oddkeys.Ticket", bad)).status_code
            == 404
        )


@pytest.mark.parametrize("command", ["cascade", "rows"])
def test_the_commands_take_uuid_and_composite_keys(ticket, command):
    from tests.oddkeys.models import Seat

    out = StringIO()
    call_command("erviz", command, "oddkeys.Ticket", "--pk", str(ticket.pk), stdout=out)
    assert "opening night" in out.getvalue()
    seat = Seat.objects.get(number=1)
    out = StringIO()
    # The parts separated by commas; a comma inside one written as the
    # admin writes it.
    call_command("erviz", command, "oddkeys.Seat", "--pk", "A_2Cb/,1", stdout=out)
    assert str(seat) in out.getvalue()
    for bad in ("A,1", "A_2Cb/", "A_2Cb/,1,2", "A_2Cb/,x"):
        with pytest.raises(CommandError) as failure:
            call_command(
                "erviz", command, "oddkeys.Seat", "--pk", bad, stdout=StringIO()
            )
        assert failure.value.returncode == 2 and "No oddkeys.Seat" in str(failure.value)


def test_a_composite_key_has_row_pages_the_admin_cannot_give(ticket, admin_client):
    """Django's admin refuses models with a composite key; erviz's row pages
    serve them, and say what deleting one does as Django's Collector does."""
    from tests.oddkeys.models import Seat

    for seat in Seat.objects.all():
        for page in ("related_rows", "delete_preview"):
            response = admin_client.get(row_url(page, "oddkeys.Seat", seat.pk))
            assert response.status_code == 200, (page, seat.pk)
        preview = admin_client.get(row_url("delete_preview", "oddkeys.Seat", seat.pk))
        assert preview.context["preview"].deleted == djangos_counts(seat)
    for bad in ("A", "A,1,2", "B,x"):
        url = reverse("erviz:related_rows", args=["oddkeys.Seat", bad])
        assert admin_client.get(url).status_code == 404, bad
