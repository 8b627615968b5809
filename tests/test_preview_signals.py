"""The preview names the receivers a delete fires and says which rows Django
would delete without loading them, as Django's Collector decides."""

from __future__ import annotations

import contextlib

import pytest
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.db.models.signals import post_delete, pre_delete

from demo_models import models as demo
from erviz.rows.delete_preview import preview_delete
from tests.test_cascade_count import sample_rows

pytestmark = pytest.mark.django_db


def on_product_deleted(sender, instance, **kwargs):
    """A receiver a project might have."""


class Auditor:
    def __call__(self, sender, instance, **kwargs):
        """A callable object as a receiver."""


def djangos_decisions(obj):
    """Models whose rows Django's Collector loads (and sends signals for)
    and those it fast-deletes, for deleting ``obj``."""
    collector = Collector(using="default")
    with transaction.atomic(), contextlib.suppress(ProtectedError, RestrictedError):
        collector.collect([obj])
        transaction.set_rollback(True)
    loaded = {model._meta.label for model, rows in collector.data.items() if rows}
    fast = {qs.model._meta.label for qs in collector.fast_deletes if qs.exists()}
    return loaded, fast


@pytest.fixture
def receivers():
    auditor = Auditor()
    pre_delete.connect(on_product_deleted, sender=demo.Product)
    post_delete.connect(auditor, sender=demo.Review, weak=False)
    yield
    pre_delete.disconnect(on_product_deleted, sender=demo.Product)
    post_delete.disconnect(auditor, sender=demo.Review)


def test_signals_and_fast_deletes_equal_djangos_collector(seeded, receivers, walk):
    checked = fast_seen = 0
    for obj in sample_rows():
        preview = preview_delete(obj)
        if preview.collector or preview.blocked:
            continue
        loaded, fast = djangos_decisions(obj)
        for label in preview.deleted:
            expected = label in fast and label not in loaded
            assert preview.fast_delete[label] is expected, (obj, label)
            fast_seen += expected
        with_receivers = {
            model._meta.label
            for model in (demo.Product, demo.Review)
            if model._meta.label in loaded
        }
        assert set(preview.signals) == with_receivers, obj
        checked += 1
    assert checked > 20 and fast_seen  # some rows are fast-deleted


def test_receivers_are_named_by_dotted_path(seeded, receivers):
    store = demo.Store.objects.filter(products__reviews__isnull=False).first()
    assert store is not None
    preview = preview_delete(store)
    assert preview.signals["demo_models.Product"] == [
        "tests.test_preview_signals.on_product_deleted"
    ]
    assert preview.signals["demo_models.Review"] == [
        "tests.test_preview_signals.Auditor"
    ]
    assert preview.fast_delete["demo_models.Store"] is False  # the row itself
    assert preview.fast_delete["demo_models.Review"] is False  # it has a receiver
    document = preview.document()
    assert document["signals"] == preview.signals
    assert document["fast_delete"] == preview.fast_delete


@pytest.mark.skipif(
    not hasattr(models, "DB_CASCADE"),
    reason="Django < 6.1 has no DB_* on_delete",
)
def test_receivers_of_rows_the_database_deletes_are_said_not_to_run():
    from tests.dbdelete.models import Account, Session

    account = Account._default_manager.create(name="a")
    Session._default_manager.create(account=account)
    pre_delete.connect(on_product_deleted, sender=Session)
    try:
        preview = preview_delete(account)
    finally:
        pre_delete.disconnect(on_product_deleted, sender=Session)
    assert preview.deleted_by_database == {"dbdelete.Session": 1}
    assert preview.signals_not_sent == {
        "dbdelete.Session": ["tests.test_preview_signals.on_product_deleted"]
    }
    assert "dbdelete.Session" not in preview.signals


def test_the_preview_page_and_the_command_name_the_receivers(
    seeded, receivers, admin_client
):
    from io import StringIO

    from django.core.management import call_command

    store = demo.Store.objects.filter(products__reviews__isnull=False).first()
    assert store is not None
    url = f"/admin/erviz/models/demo_models.Store/rows/{store.pk}/delete-preview/"
    # (The page may wrap a dotted path after its dots: <wbr> aside.)
    page = admin_client.get(url).content.decode().replace("<wbr>", "")
    assert "<code>tests.test_preview_signals.on_product_deleted</code>" in page
    assert "<code>tests.test_preview_signals.Auditor</code>" in page
    out = StringIO()
    call_command(
        "erviz", "cascade", "demo_models.Store", "--pk", str(store.pk), stdout=out
    )
    assert (
        "signals: demo_models.Product: tests.test_preview_signals.on_product_deleted"
        in out.getvalue()
    )


def test_the_preview_page_draws_the_cascade_with_the_counts(seeded, admin_client):
    import re

    store = demo.Store.objects.filter(orders__lines__isnull=False).first()
    assert store is not None
    preview = preview_delete(store)
    url = f"/admin/erviz/models/demo_models.Store/rows/{store.pk}/delete-preview/"
    page = admin_client.get(url).content.decode()
    assert 'class="erviz-diagram erviz-picture"' in page
    from django.apps import apps

    for label, count in preview.deleted.items():
        if apps.get_model(label)._meta.auto_created:
            continue  # link tables are drawn as many-to-many edges
        node = re.search(
            rf'data-model="{re.escape(label)}" data-stub="false".*?</g>\s*</g>',
            page,
            re.S,
        )
        assert node, label
        noun = "row" if count == 1 else "rows"
        assert f"{count} {noun} deleted" in node.group(0), label
    assert "the row you delete" in page
