"""erviz in a project without django.contrib.admin: its checks only warn,
its pages work through the project's own AdminSite, in erviz's own page
template, and its CLI needs nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import checks
from django.core.management import call_command
from django.test import Client

from erviz.render import FORMATS
from tests.hostproject.shop.models import Customer, Order

PAGES = [
    "/panel/erviz/",
    "/panel/erviz/apps/shop/",
    "/panel/erviz/models/shop.Customer/",
    "/panel/erviz/models/shop.Customer/panel/",
    "/panel/erviz/models/shop.Customer/cascade/",
    "/panel/erviz/search/?q=ord",
    *(f"/panel/erviz/export/{fmt}/?app=shop" for fmt in FORMATS),
]


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user("ops", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client = Client()
    client.force_login(user)
    return client


def test_checks_warn_at_most(settings):
    messages = [m for m in checks.run_checks() if (m.id or "").startswith("erviz.")]
    assert [m.id for m in messages] == []
    settings.ERVIZ = {}
    messages = [m for m in checks.run_checks() if (m.id or "").startswith("erviz.")]
    assert [m.id for m in messages] == ["erviz.W023"]
    assert all(m.level < checks.ERROR for m in messages)


def test_pages_work_through_the_projects_own_site(staff):
    customer = Customer.objects.create(name="Ada <Lovelace>")
    Order.objects.create(customer=customer, reference="A-1")
    pages = [
        *PAGES,
        f"/panel/erviz/models/shop.Customer/rows/{customer.pk}/delete-preview/",
        f"/panel/erviz/models/shop.Customer/rows/{customer.pk}/",
    ]
    statuses = {url: staff.get(url).status_code for url in pages}
    assert {url: s for url, s in statuses.items() if s != 200} == {}
    # Orders are not the user's to view: the site's own rule hides them.
    assert staff.get("/panel/erviz/models/shop.Order/").status_code == 403
    overview = staff.get("/panel/erviz/").content.decode()
    assert "Control panel" in overview
    assert "erviz/standalone.css" in overview and "admin/css/base.css" not in overview
    preview = staff.get(
        f"/panel/erviz/models/shop.Customer/rows/{customer.pk}/delete-preview/"
    ).content.decode()
    assert "Ada &lt;Lovelace&gt;" in preview


def test_the_projects_site_decides_who_enters(db):
    anonymous = Client().get("/panel/erviz/")
    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/accounts/login/?next=/panel/erviz/"
    visitor = get_user_model().objects.create_user("visitor", password="pw")
    client = Client()
    client.force_login(visitor)
    assert client.get("/panel/erviz/").status_code == 302


def test_the_cli_needs_no_admin():
    out = StringIO()
    call_command("erviz", "export", "shop", "--format", "mermaid", stdout=out)
    assert out.getvalue().startswith("erDiagram")
