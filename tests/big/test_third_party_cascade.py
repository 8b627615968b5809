"""The row preview and the related rows on data made by a real third-party
app's own factories: django-oscar's test factories build an order with its
basket, lines, product, stock, partner and user; every row they create is
previewed and compared with the admin's delete page and Django's Collector,
and its accessors counted and compared with the ORM."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from oscar.test.factories import create_order

from erviz.rows.delete_preview import preview_delete
from tests.test_cascade_count import admin_page, collector_updates

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="oscar's catalogue needs PostgreSQL (a materialized view)",
    ),
]

OSCAR_APPS = ("order", "basket", "catalogue", "partner", "address", "offer", "auth")


def oscar_rows() -> list:
    """The first two rows of every model of oscar's apps."""
    return [
        obj
        for label in OSCAR_APPS
        for model in apps.get_app_config(label).get_models()
        for obj in model._base_manager.order_by("pk")[:2]
    ]


def test_preview_equals_django_on_oscar_factory_data():
    create_order()
    create_order()
    rows = oscar_rows()
    assert len({type(obj) for obj in rows}) >= 10
    mismatches = []
    for obj in rows:
        preview = preview_delete(obj)
        deleted, blockers = admin_page(obj)
        found = set(preview.protected) | set(preview.restricted)
        if (preview.deleted, found) != (deleted, blockers):
            mismatches.append(
                f"{obj._meta.label} {obj.pk}: {preview.deleted} != {deleted}"
            )
        if preview.updated != collector_updates(obj):
            mismatches.append(f"{obj._meta.label} {obj.pk}: updates differ")
    assert mismatches == []


def test_related_rows_count_what_the_orm_counts_on_oscar_factory_data():
    from erviz.rows.related import related_rows
    from tests.test_related_rows import orm_count

    create_order()
    rows = oscar_rows()
    mismatches, counted = [], 0
    for obj in rows:
        for many in related_rows(type(obj), obj.pk, "default").reverse:
            expected = orm_count(obj, many.accessor)
            counted += expected > 0
            if many.count != expected:
                mismatches.append(f"{obj._meta.label}.{many.accessor}")
    assert counted >= 10
    assert mismatches == []
