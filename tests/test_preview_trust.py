"""The row preview shows only what the user may see and never writes: rows
are named inside its read-only, rolled-back transaction, only for models the
user may view; a ``__str__``, ``post_init`` or on_delete handler that writes
or raises changes nothing and gets a clear answer."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.db.models.signals import post_init
from django.test import Client, RequestFactory

from demo_models.models import Customer, Order, OrderLine, Product, Tag
from erviz.admin.summary import summarise_deletion
from tests.thirdparty.models import Article, Topic

pytestmark = pytest.mark.django_db


def preview_url(obj: models.Model) -> str:
    return f"/admin/erviz/models/{obj._meta.label}/rows/{obj.pk}/delete-preview/"


def viewer(*codenames: str) -> Client:
    user = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def a_customer_with_lines() -> Customer:
    return Customer.objects.filter(orders__lines__isnull=False).earliest("pk")


def test_rows_of_models_the_user_may_not_view_are_counted_not_named(seeded):
    customer = a_customer_with_lines()
    orders = Order.objects.filter(customer=customer)
    lines = OrderLine.objects.filter(order__customer=customer)
    page = viewer("view_customer").get(preview_url(customer)).content.decode()
    assert str(customer) in page
    for row in [*orders, *lines]:
        assert str(row) not in page
    assert "You may not view these rows." in page
    # Counted all the same, under "a model you may not view".
    assert f'data-model="">{orders.count()}<' in page
    assert "a model you may not view" in page
    # With the permission, the same page names them.
    get_user_model().objects.filter(username="viewer").delete()
    named = viewer("view_customer", "view_order").get(preview_url(customer))
    assert str(orders.order_by("pk").first()) in named.content.decode()


def test_blocking_rows_of_unviewable_models_are_not_named_or_linked(seeded):
    line = OrderLine.objects.select_related("product").earliest("pk")
    product = line.product
    page = viewer("view_product").get(preview_url(product)).content.decode()
    assert "Blocking rows" in page
    assert "a row you may not view" in page
    assert str(line) not in page
    assert f"/orderline/{line.pk}/change/" not in page


def _row_count() -> int:
    return Tag.objects.count()


def test_a_str_that_writes_or_raises_changes_nothing(seeded, admin_client, monkeypatch):
    customer = a_customer_with_lines()
    before = _row_count()

    def writing_str(self: Any) -> str:
        Tag.objects.create(name=f"written by __str__ {self.pk}")
        return f"Order #{self.pk}"

    def raising_str(self: Any) -> str:
        raise ValueError("no name")

    monkeypatch.setattr(Order, "__str__", writing_str)
    monkeypatch.setattr(OrderLine, "__str__", raising_str)
    response = admin_client.get(preview_url(customer))
    assert response.status_code == 200
    assert "(str() failed: ValueError)" in response.content.decode()
    assert _row_count() == before


def test_a_post_init_receiver_that_writes_changes_nothing(seeded, admin_client):
    customer = a_customer_with_lines()
    before = _row_count()

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        Tag.objects.create(name=f"written by post_init {instance.pk}")

    post_init.connect(receiver, sender=Order)
    try:
        response = admin_client.get(preview_url(customer))
        out = StringIO()
        call_command(
            "erviz", "cascade", "demo_models.Customer", "--pk", str(customer.pk),
            stdout=out,
        )  # fmt: skip
    finally:
        post_init.disconnect(receiver, sender=Order)
    assert response.status_code == 200
    assert _row_count() == before


@pytest.fixture
def writing_on_delete(monkeypatch):
    """thirdparty.Article.editor's custom on_delete, made to write first."""
    rel = Article._meta.get_field("editor").remote_field
    original: Any = rel.on_delete
    calls = []

    def write_then_archive(collector, field, sub_objs, using):
        calls.append(using)
        Topic.objects.using(using).create(name="written by on_delete")
        original(collector, field, sub_objs, using)

    monkeypatch.setattr(rel, "on_delete", write_then_archive)
    user = get_user_model().objects.create_user("editor")
    Article.objects.create(title="t", topic=Topic.objects.create(name="x"), editor=user)
    return user, calls


def test_a_writing_on_delete_handler_writes_nothing(writing_on_delete, admin_client):
    user, _calls = writing_on_delete
    before = Topic.objects.count()
    response = admin_client.get(preview_url(user))
    assert response.status_code == 200
    page = response.content.decode()
    if connection.vendor == "postgresql":  # READ ONLY: the write is refused
        assert "tried to write to the database" in page
        with pytest.raises(CommandError) as raised:
            call_command(
                "erviz", "cascade", "auth.User", "--pk", str(user.pk),
                stdout=StringIO(),
            )  # fmt: skip
        assert raised.value.returncode == 2
    else:  # written inside the preview's transaction, then rolled back
        assert "counted these rows" in page
    assert Topic.objects.count() == before


def test_the_admin_summary_leaves_a_custom_handler_to_django(
    writing_on_delete, admin_user
):
    user, calls = writing_on_delete
    request = RequestFactory().get("/")
    request.user = admin_user
    from django.contrib import admin

    assert summarise_deletion([user], request, admin.site) is None
    assert calls == []  # not run inside erviz's transaction first


def test_products_keep_their_names_for_those_who_may_view_them(seeded, admin_client):
    product = Product.objects.filter(order_lines__isnull=False).earliest("pk")
    page = admin_client.get(preview_url(product)).content.decode()
    line = OrderLine.objects.filter(product=product).earliest("pk")
    assert str(line) in page  # a superuser may view order lines


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_on_postgresql_a_writing_str_runs_inside_a_read_only_transaction(
    seeded, admin_client, monkeypatch
):
    from django.test.utils import CaptureQueriesContext

    customer = a_customer_with_lines()

    def writing_str(self: Any) -> str:
        Tag.objects.create(name="written by __str__")
        return "order"

    monkeypatch.setattr(Order, "__str__", writing_str)
    before = _row_count()
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(preview_url(customer))
    assert response.status_code == 200
    statements = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    read_only = statements.index("SET TRANSACTION READ ONLY")
    inserts = [i for i, sql in enumerate(statements) if sql.startswith("INSERT")]
    assert inserts and all(i > read_only for i in inserts)  # tried, refused
    assert "(str() failed: " in response.content.decode()
    assert _row_count() == before


@pytest.mark.django_db(transaction=True)
def test_no_surface_commits_what_host_code_writes(writing_on_delete, monkeypatch):
    """Outside a test transaction, so that a write would really commit: the
    delete preview page, erviz cascade --pk (both formats) and erviz rows
    run the project's on_delete handler and __str__ and keep nothing."""
    user, calls = writing_on_delete

    def writing_str(self: Any) -> str:
        Topic.objects.create(name=f"written by __str__ {self.pk}")
        return f"article {self.pk}"

    monkeypatch.setattr(Article, "__str__", writing_str)
    before = Topic.objects.count()
    admin = get_user_model().objects.create_superuser("boss", password="pw")
    client = Client()
    client.force_login(admin)
    assert client.get(preview_url(user)).status_code == 200
    for fmt in ("text", "json"):
        try:
            call_command(
                "erviz", "cascade", "auth.User", "--pk", str(user.pk),
                "--format", fmt, stdout=StringIO(),
            )  # fmt: skip
        except CommandError as error:  # PostgreSQL refuses the write
            assert error.returncode == 2 and "tried to write" in str(error)
    article = Article.objects.get()
    call_command(
        "erviz", "rows", "thirdparty.Article", "--pk", str(article.pk),
        stdout=StringIO(),
    )  # fmt: skip
    assert calls, "the handler must have run for the test to mean anything"
    assert Topic.objects.count() == before
