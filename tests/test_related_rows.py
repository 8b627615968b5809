"""The related-rows page and ``erviz rows``: what one row points at, and
every accessor leading away from it counted as Django's own related manager
counts it, read-only, for the users who may see it."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from erviz.rows.related import PAGE_SIZE, related_rows

pytestmark = pytest.mark.django_db


def sample_rows():
    for model in apps.get_app_config("demo_models").get_models():
        yield from model._default_manager.order_by("pk")[:3]


def orm_count(obj, accessor: str) -> int:
    """What the ORM says: the related manager's count, or for a reverse
    one-to-one whether the row has one."""
    try:
        value = getattr(obj, accessor)
    except ObjectDoesNotExist:
        return 0
    return value.count() if hasattr(value, "count") else 1


def test_every_count_is_the_orms_and_every_forward_key_the_rows(seeded):
    rows = accessors = 0
    for obj in sample_rows():
        rows += 1
        found = related_rows(type(obj), obj.pk, "default")
        assert found.text == str(obj)
        for many in found.reverse:
            accessors += 1
            assert many.count == orm_count(obj, many.accessor), (obj, many.accessor)
        for forward in found.forward:
            field = obj._meta.get_field(forward.field)
            if field.is_relation and field.concrete:
                target = getattr(obj, forward.field)
                assert forward.pk == (target.pk if target is not None else None)
                assert forward.text == (str(target) if target is not None else None)
            else:  # a generic foreign key
                target = getattr(obj, forward.field)
                assert forward.pk == target.pk and forward.text == str(target)
    assert rows > 60 and accessors > 100


def test_one_count_per_accessor_and_no_write(seeded):
    from demo_models.models import Customer

    customer = Customer.objects.earliest("pk")
    with CaptureQueriesContext(connection) as queries:
        found = related_rows(Customer, customer.pk, "default", opened="orders")
    sql = [q["sql"].upper() for q in queries.captured_queries]
    assert not [s for s in sql if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert sum("COUNT(" in s for s in sql) == len(found.reverse)
    orders = next(m for m in found.reverse if m.accessor == "orders")
    assert orders.count == customer.orders.count()
    assert [pk for pk, _text in orders.rows] == list(
        customer.orders.order_by("pk").values_list("pk", flat=True)[:PAGE_SIZE]
    )


def test_the_command_prints_the_json_contract(seeded):
    from demo_models.models import Book

    book = Book.objects.earliest("pk")
    out = StringIO()
    call_command(
        "erviz",
        "rows",
        "demo_models.Book",
        "--pk",
        str(book.pk),
        "--format",
        "json",
        stdout=out,
    )
    document = json.loads(out.getvalue())
    assert document["model"] == "demo_models.Book" and document["pk"] == book.pk
    assert document["str"] == str(book)
    assert {
        "field": "author",
        "target": "demo_models.Author",
        "pk": book.author_id,
        "str": str(book.author),
    } in document["forward"]
    categories = next(r for r in document["reverse"] if r["accessor"] == "categories")
    assert categories == {
        "accessor": "categories",
        "model": "demo_models.Category",
        "field": "categories",
        "direction": "forward",
        "many": True,
        "count": book.categories.count(),
    }
    # A reverse one-to-one is listed too: one row or none.
    product = next(r for r in document["reverse"] if r["accessor"] == "product")
    assert product == {
        "accessor": "product",
        "model": "demo_models.Product",
        "field": "book",
        "direction": "reverse",
        "many": False,
        "count": orm_count(book, "product"),
    }
    text = StringIO()
    call_command("erviz", "rows", "demo_models.Book", "--pk", str(book.pk), stdout=text)
    assert f"author -> demo_models.Author {book.author_id}" in text.getvalue()


@pytest.mark.parametrize(
    "arguments",
    [
        ["demo_models.Nope", "--pk", "1"],
        ["demo_models.Book", "--pk", "x"],
        ["demo_models.Book", "--pk", "999999"],
    ],
)
def test_the_command_refuses_bad_input_clearly(arguments):
    with pytest.raises(CommandError) as error:
        call_command("erviz", "rows", *arguments)
    assert error.value.returncode == 2


def test_the_page_walks_from_a_row_to_the_next(seeded, admin_client):
    from demo_models.models import Customer

    customer = Customer.objects.earliest("pk")
    url = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert str(customer) in text and "figure" in text
    opened = admin_client.get(url + "?open=orders").content.decode()
    order = customer.orders.earliest("pk")
    # Each listed order links to its own related rows, the walk remembered.
    link = re.search(
        rf'href="(/admin/erviz/models/demo_models.Order/rows/{order.pk}/\?via=[^"]+)"',
        opened,
    )
    assert link
    walked = admin_client.get(link.group(1).replace("&amp;", "&"))
    assert walked.status_code == 200
    breadcrumbs = walked.content.decode().split('class="breadcrumbs"')[1][:600]
    assert (
        f"Customer {customer.pk}" in breadcrumbs and f"Order {order.pk}" in breadcrumbs
    )


@pytest.mark.parametrize(
    "query, status",
    [
        ("?page=0", 400),
        ("?page=01", 400),
        ("?page=abc", 400),
        ("?open=nope", 400),
        ("?via=nope.Model:1", 400),
        ("?via=demo_models.Book", 400),
        ("?page=99999", 200),
    ],
)
def test_bad_query_strings_get_a_400_page(seeded, admin_client, query, status):
    from demo_models.models import Customer

    customer = Customer.objects.earliest("pk")
    url = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/{query}"
    assert (
        admin_client.get(url + ("&open=orders" if "page" in query else "")).status_code
        == status
    )


def test_unknown_rows_and_models_are_404(admin_client):
    assert (
        admin_client.get("/admin/erviz/models/demo_models.Book/rows/999/").status_code
        == 404
    )
    assert (
        admin_client.get("/admin/erviz/models/demo_models.Book/rows/x/").status_code
        == 404
    )
    assert admin_client.get("/admin/erviz/models/nope.Nope/rows/1/").status_code == 404


def clerk() -> Client:
    """A staff user who may view customers, not their orders."""
    user = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client = Client()
    client.force_login(user)
    return client


def test_rows_of_models_the_user_may_not_view_are_counted_not_named(seeded):
    from demo_models.models import Customer

    customer = Customer.objects.earliest("pk")
    order = customer.orders.earliest("pk")
    client = clerk()
    url = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    text = client.get(url).content.decode()
    assert "a model you may not view" in text
    assert "demo_models.Order" not in text and str(order) not in text
    assert f">{customer.orders.count()}<" in text
    assert (
        client.get(
            f"/admin/erviz/models/demo_models.Order/rows/{order.pk}/"
        ).status_code
        == 403
    )


def test_an_accessor_to_a_hidden_model_is_answered_as_one_that_does_not_exist(
    seeded,
):
    """Trying ?open= names must not tell a user which accessors lead to
    models they may not view: the same status and the same sentence as for
    a name that does not exist."""
    from demo_models.models import Customer

    customer = Customer.objects.earliest("pk")
    client = clerk()
    url = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/?open="
    hidden, missing = client.get(url + "orders"), client.get(url + "ordurs")
    assert hidden.status_code == missing.status_code == 400

    def page(response) -> str:
        text = response.content.decode().replace("orders", "ordurs")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)

    assert page(hidden) == page(missing)
    # The superuser, who may view orders, opens them.
    admin = get_user_model().objects.create_superuser("boss", password="pw")
    client.force_login(admin)
    assert client.get(url + "orders").status_code == 200


def test_the_change_form_offers_related_rows(seeded, admin_client):
    from demo_models.models import Book

    book = Book.objects.earliest("pk")
    form = admin_client.get(
        f"/admin/demo_models/book/{book.pk}/change/"
    ).content.decode()
    assert f'href="/admin/erviz/models/demo_models.Book/rows/{book.pk}/"' in form
