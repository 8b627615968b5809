"""Property test: on random demo data, the row preview equals Django.

Hypothesis builds small random datasets (a self-referential category tree
and a chain up to 25 deep, many-to-many links, rows reached by two paths,
generic notes, multi-table inheritance, PROTECT, and RESTRICT rows reached
both by their restricting relation and by a cascade) and, for a random row, compares erviz's per-model deleted
counts, updated counts and blockers with the admin's NestedObjects and
Django's Collector.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo_models import models as demo
from erviz.rows.delete_preview import preview_delete
from tests.test_cascade_count import admin_page, collector_updates

pytestmark = pytest.mark.django_db


def build(data: st.DataObject) -> list[Any]:
    """Random rows across the demo's relation patterns; every row made."""
    draw = data.draw
    rows: list[Any] = []
    categories: list[demo.Category] = []
    for i in range(draw(st.integers(1, 6))):
        parent = draw(st.sampled_from([None, *categories]))
        categories.append(
            demo.Category.objects.create(name=f"c{i}", slug=f"c{i}", parent=parent)
        )
    # A deep chain too: the recursive walk must reach its last row.
    parent = None
    for i in range(draw(st.integers(0, 25))):
        parent = demo.Category.objects.create(name=f"d{i}", slug=f"d{i}", parent=parent)
        categories.append(parent)
    publisher = demo.Publisher.objects.create(name="p", country="x")
    authors = [
        demo.Author.objects.create(name=f"a{i}") for i in range(draw(st.integers(1, 3)))
    ]
    books = []
    for i in range(draw(st.integers(0, 6))):
        book = demo.Book.objects.create(
            title=f"b{i}",
            isbn=f"{i:013d}",
            publication_date="2000-01-01",
            page_count=1,
            price=Decimal(1),
            author=draw(st.sampled_from(authors)),
            publisher=publisher,
        )
        book.categories.set(
            draw(st.lists(st.sampled_from(categories), max_size=3, unique=True))
        )
        for _ in range(draw(st.integers(0, 2))):
            demo.Note.objects.create(content_object=book, text="n")
        if draw(st.booleans()):
            # Two paths into AuthorBook: from its author and from its book.
            demo.AuthorBook.objects.create(
                author=draw(st.sampled_from(authors)), book=book, role="editor"
            )
        books.append(book)
    stores = [
        demo.Store.objects.create(name=f"s{i}", address="x", opening_hours="x")
        for i in range(draw(st.integers(1, 2)))
    ]
    user = get_user_model().objects.create_user("u")
    customer = demo.Customer.objects.create(user=user)
    products = [
        demo.Product.objects.create(
            store=draw(st.sampled_from(stores)),
            name=f"p{i}",
            sku=f"s{i}",
            price=Decimal(1),
            book=books[i] if i < len(books) and draw(st.booleans()) else None,
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    for _ in range(draw(st.integers(0, 4))):
        order = demo.Order.objects.create(
            customer=customer,
            store=draw(st.sampled_from(stores)),
            status="paid",
            created_by=user,
        )
        for product in draw(st.lists(st.sampled_from(products), max_size=3)):
            demo.OrderLine.objects.create(
                order=order, product=product, quantity=1, unit_price=Decimal(1)
            )
    rows += (
        categories + authors + books + stores + products + [publisher, customer, user]
    )
    rows += list(demo.Place.objects.all())
    return rows


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_preview_equals_django_on_random_data(data, walk):
    with transaction.atomic():
        rows = build(data)
        obj = data.draw(st.sampled_from(rows))
        preview = preview_delete(obj)
        assert preview.walk in (walk, "collector")
        deleted, blockers = admin_page(obj)
        assert preview.deleted == deleted
        assert set(preview.protected) | set(preview.restricted) == blockers
        assert preview.updated == collector_updates(obj)
        transaction.set_rollback(True)


# -- one delete semantics: what an on_delete does, however it is wrapped -----


class Guard:
    """A callable that keeps the action it calls in ``.action``, as
    django-polymorphic's PolymorphicGuard does."""

    def __init__(self, action: Any) -> None:
        self.action = action

    def __call__(self, *args: Any) -> None:
        self.action(*args)


def wrapped_by(wrapper: str, action: Any) -> Any:
    if wrapper == "partial":
        return functools.partial(action)
    if wrapper == "wraps":

        @functools.wraps(action)
        def delegate(*args: Any) -> None:
            action(*args)

        return delegate
    if wrapper == "guard":
        return Guard(action)
    return action


ACTIONS_ON_A_NULLABLE_KEY = {
    "CASCADE": models.CASCADE,
    "PROTECT": models.PROTECT,
    "RESTRICT": models.RESTRICT,
    "SET_NULL": models.SET_NULL,
    "SET_DEFAULT": models.SET_DEFAULT,
    "SET": models.SET(None),
    "DO_NOTHING": models.DO_NOTHING,
}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(sorted(ACTIONS_ON_A_NULLABLE_KEY)),
    wrapper=st.sampled_from(["plain", "partial", "wraps", "guard"]),
    products=st.integers(0, 3),
)
def test_an_on_delete_however_wrapped_is_one_action_everywhere(
    name, wrapper, products, walk
):
    """``Product.book``'s on_delete replaced by each of Django's actions,
    plain or wrapped (functools.partial, functools.wraps, a guard object):
    the schema names the action (and so the picture, the lint rules and the
    reports), and the delete preview, counting in SQL or by keys, equals
    Django's Collector, which calls the wrapper."""
    from erviz.schema import build_schema

    rel = demo.Product._meta.get_field("book").remote_field
    original = rel.on_delete
    rel.on_delete = wrapped_by(wrapper, ACTIONS_ON_A_NULLABLE_KEY[name])
    try:
        relation = build_schema().relations_by_id["demo_models.Product.book"]
        assert relation.on_delete == name, (wrapper, relation.on_delete)
        with transaction.atomic():
            book = demo.Book.objects.create(
                title="b", isbn="1" * 13, publication_date="2000-01-01",
                page_count=1, price=Decimal(1),
                author=demo.Author.objects.create(name="a"),
                publisher=demo.Publisher.objects.create(name="p", country="x"),
            )  # fmt: skip
            store = demo.Store.objects.create(name="s", address="x", opening_hours="x")
            for i in range(products):
                demo.Product.objects.create(
                    store=store, name=f"p{i}", sku=f"k{i}", price=Decimal(1),
                    book=book if i == 0 else None,
                )  # fmt: skip
            preview = preview_delete(book)
            assert preview.walk == walk, (name, wrapper, preview.walk_reason)
            deleted, blockers = admin_page(book)
            assert preview.deleted == deleted, (name, wrapper)
            assert set(preview.protected) | set(preview.restricted) == blockers
            assert preview.updated == collector_updates(book), (name, wrapper)
            transaction.set_rollback(True)
    finally:
        rel.on_delete = original
