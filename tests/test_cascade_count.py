"""The row-level delete preview equals what the admin's delete page and
Django's Collector find for the same row, and it never writes."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.core.management import call_command
from django.db import connection, models
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.db.models.deletion import Collector
from django.test.utils import CaptureQueriesContext

from erviz.rows.delete_preview import preview_delete

pytestmark = pytest.mark.django_db


def admin_page(obj):
    """What the admin's delete confirmation page collects for ``obj``."""
    collector = NestedObjects(using="default")
    collector.collect([obj])
    model_objs: dict[Any, set[Any]] = collector.model_objs
    deleted = {model._meta.label: len(objs) for model, objs in model_objs.items()}
    blockers = {(type(o)._meta.label, o.pk) for o in collector.protected}
    return deleted, blockers


def collector_updates(obj):
    collector = Collector(using="default")
    with contextlib.suppress(ProtectedError, RestrictedError):
        collector.collect([obj])
    updated: dict[str, int] = defaultdict(int)
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            rows: Any = batch
            count = rows.count() if isinstance(rows, QuerySet) else len(rows)
            updated[f"{field.model._meta.label}.{field.name}"] += count
    return {key: count for key, count in updated.items() if count}


def sample_rows():
    for model in apps.get_app_config("demo_models").get_models():
        yield from model._default_manager.order_by("pk")[:3]


def test_counts_and_blockers_equal_the_admin_delete_page(seeded, walk):
    mismatches = []
    rows = 0
    walks: set[str] = set()
    for obj in sample_rows():
        rows += 1
        preview = preview_delete(obj)
        walks.add(preview.walk)
        deleted, blockers = admin_page(obj)
        found = set(preview.protected) | set(preview.restricted)
        if preview.deleted != deleted or found != blockers:
            mismatches.append(
                f"{obj._meta.label} {obj.pk}: {preview.deleted} != {deleted}"
            )
        updated = collector_updates(obj)
        if preview.updated != updated:
            mismatches.append(
                f"{obj._meta.label} {obj.pk} updated: {preview.updated} != {updated}"
            )
    assert rows > 60
    assert mismatches == []
    assert walks == {walk}


def test_blocked_deletes_are_reported_with_their_blockers(seeded):
    from demo_models.models import OrderLine, Publisher

    publisher = Publisher.objects.filter(books__isnull=False).earliest("pk")
    preview = preview_delete(publisher)
    assert preview.blocked
    assert {model for model, _pk in preview.protected} == {"demo_models.Book"}
    line = OrderLine.objects.select_related("product").earliest("pk")
    preview = preview_delete(line.product)
    assert ("demo_models.OrderLine", line.pk) in preview.restricted
    store = preview_delete(line.product.store)
    assert not store.restricted  # the lines go with the store's orders


def test_the_preview_never_writes(seeded):
    from demo_models.models import Customer, Store

    def sizes():
        return {
            m._meta.label: m._base_manager.count()
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed
        }

    before = sizes()
    with CaptureQueriesContext(connection) as queries:
        for obj in (Store.objects.earliest("pk"), Customer.objects.earliest("pk")):
            assert preview_delete(obj).deleted
    statements = [
        q["sql"].lstrip().split()[0].upper() for q in queries.captured_queries
    ]
    # DECLARE: PostgreSQL's server-side cursors, which stream the keys.
    reads = {"SELECT", "DECLARE", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET"}
    assert set(statements) <= reads
    assert sizes() == before


def test_a_custom_on_delete_is_left_to_djangos_collector():
    from django.contrib.auth import get_user_model

    from tests.thirdparty.models import Article, Topic

    user = get_user_model().objects.create_user("editor")
    Article.objects.create(title="t", topic=Topic.objects.create(name="x"), editor=user)
    preview = preview_delete(user)
    assert preview.collector
    assert preview.updated == {"thirdparty.Article.editor": 1}


def test_cascade_command_prints_the_json_contract(seeded):
    import json

    from demo_models.models import Customer

    customer = Customer.objects.earliest("pk")
    out = StringIO()
    call_command(
        "erviz",
        "cascade",
        "demo_models.Customer",
        "--pk",
        str(customer.pk),
        "--format",
        "json",
        stdout=out,
    )
    document = json.loads(out.getvalue())
    assert document["model"] == "demo_models.Customer" and document["pk"] == customer.pk
    assert document["deleted"]["demo_models.Customer"] == 1
    assert set(document) >= {
        "deleted",
        "updated",
        "protected",
        "restricted",
        "partial",
        "deleted_by_database",
        "updated_by_database",
    }


def test_past_the_time_budget_the_answer_is_partial(seeded, settings):
    from demo_models.models import Customer

    settings.ERVIZ = {"PREVIEW_TIME_BUDGET": 1e-9}
    preview = preview_delete(Customer.objects.earliest("pk"))
    assert preview.partial


@pytest.mark.skipif(
    not hasattr(models, "DB_CASCADE"), reason="Django < 6.1 has no DB_* on_delete"
)
def test_database_level_actions_are_counted_apart():
    from tests.dbdelete.models import Account, Session

    account = Account._default_manager.create(name="a")
    first = Session._default_manager.create(account=account)
    Session._default_manager.create(account=account, previous=first)
    preview = preview_delete(account)
    assert preview.deleted == {"dbdelete.Account": 1}
    assert preview.deleted_by_database == {"dbdelete.Session": 2}
    assert preview_delete(first).updated_by_database == {"dbdelete.Session.previous": 1}


def test_preview_page_shows_counts_blockers_and_permissions(
    seeded, admin_client, client
):
    from django.contrib.auth import get_user_model

    from demo_models.models import Customer, Publisher

    customer = Customer.objects.earliest("pk")
    html = admin_client.get(
        f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/delete-preview/"
    ).content.decode()
    orders = customer.orders.count()
    assert f'data-model="demo_models.Order">{orders}<' in html
    publisher = Publisher.objects.filter(books__isnull=False).earliest("pk")
    html = admin_client.get(
        f"/admin/erviz/models/demo_models.Publisher/rows/{publisher.pk}/delete-preview/"
    ).content.decode()
    book = publisher.books.earliest("pk")
    assert "would be refused" in html
    assert f'href="/admin/demo_models/book/{book.pk}/change/"' in html
    url = "/admin/erviz/models/demo_models.Publisher/rows/{}/delete-preview/"
    assert admin_client.get(url.format(10**9)).status_code == 404
    assert admin_client.get(url.format("abc")).status_code == 404
    staff = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(url.format(publisher.pk)).status_code == 403


def test_preview_page_asks_each_model_admin_for_its_delete_permission(
    seeded, admin_client, monkeypatch
):
    """A superuser passes every model permission; a ModelAdmin may still
    refuse deletes, and the admin would then refuse this one."""
    from django.contrib import admin

    from demo_models.models import Customer, Order

    customer = Customer.objects.filter(orders__isnull=False).earliest("pk")
    url = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/delete-preview/"
    assert (
        "you lack the delete permission" not in admin_client.get(url).content.decode()
    )
    order_admin = admin.site.get_model_admin(Order)
    monkeypatch.setattr(order_admin, "has_delete_permission", lambda request: False)
    html = admin_client.get(url).content.decode()
    assert "you lack the delete permission on demo_models.Order." in html


def test_preview_page_names_blocking_rows_as_the_admin_does(seeded, admin_client):
    """Blocking rows show as str(obj), escaped, with a link; past the first
    fifty, the rest are counted."""
    from demo_models.models import Book, Publisher

    publisher = Publisher.objects.filter(books__isnull=False).earliest("pk")
    book = publisher.books.earliest("pk")
    book.title = "<b>Dune</b> & sons"
    book.save()
    url = (
        f"/admin/erviz/models/demo_models.Publisher/rows/{publisher.pk}/delete-preview/"
    )
    html = admin_client.get(url).content.decode()
    assert "&lt;b&gt;Dune&lt;/b&gt; &amp; sons" in html
    assert "<b>Dune</b>" not in html

    template = Book.objects.filter(publisher=publisher).earliest("pk")
    extra = 60 - publisher.books.count()
    Book.objects.bulk_create(
        Book(
            title=f"Reprint {n}",
            isbn=f"99{n:011d}",
            publication_date=template.publication_date,
            page_count=1,
            price=1,
            author=template.author,
            publisher=publisher,
        )
        for n in range(extra)
    )
    html = admin_client.get(url).content.decode()
    assert "would be refused: 60 rows block it." in html
    assert html.count('<span class="erviz-action erviz-action-protect">') == 50
    assert "and 10 more" in html


def test_updated_rows_deleted_anyway_are_counted_apart(walk):
    """Django sets Employee.manager to NULL on every row pointing at a
    deleted manager, even rows it then deletes: the preview keeps that
    count (updated) and, counting in SQL, says how many survive."""
    from demo_models.models import Department, Employee

    sales, other = (Department.objects.create(name=n) for n in ("Sales", "Other"))
    boss = Employee.objects.create(name="boss", department=sales)
    for name in ("a", "b", "c"):
        Employee.objects.create(name=name, department=sales, manager=boss)
    Employee.objects.create(name="away", department=other, manager=boss)
    collector = Collector(using="default")
    collector.collect([sales])
    deleted = {o.pk for o in collector.data[Employee]}
    updated: set[Any] = set()
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            rows: Any = batch
            if field.name == "manager":
                updated |= {o.pk for o in rows}
    preview = preview_delete(sales)
    key = "demo_models.Employee.manager"
    assert preview.updated[key] == len(updated) == 4
    if walk == "sql":
        assert preview.updated_surviving == {key: len(updated - deleted)} == {key: 1}
        assert preview.document()["updated_surviving"] == {key: 1}
    else:
        assert preview.updated_surviving is None


FOLLOWED = {
    models.CASCADE,
    models.PROTECT,
    models.RESTRICT,
    models.SET_NULL,
    models.SET_DEFAULT,
}


def reached_by_collection(obj) -> dict[str, int]:
    """The rows each foreign key points from at rows Django's collection
    deletes (blocking RESTRICT rows only where they are not deleted too)."""
    collector = NestedObjects(using="default")
    collector.collect([obj])
    deleted: dict[Any, set[Any]] = defaultdict(set)
    model_objs: dict[Any, set[Any]] = collector.model_objs
    for collected, objs in model_objs.items():  # a proxy's rows: its model's
        deleted[collected._meta.concrete_model] |= {o.pk for o in objs}
    reached: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            remote = field.remote_field
            if model._meta.proxy or not field.is_relation or remote is None:
                continue
            if remote.parent_link:
                continue
            action = remote.on_delete
            if action not in FOLLOWED and not hasattr(action, "deconstruct"):
                continue
            related: Any = field.related_model
            target = related._meta.concrete_model
            keys = deleted.get(target)
            if not keys:
                continue
            rows = model._base_manager.filter(**{f"{field.name}__pk__in": keys})
            if action is models.RESTRICT:
                rows = rows.exclude(pk__in=deleted.get(model, ()))
            count = rows.count()
            if count:
                reached[f"{model._meta.label}.{field.name}"] = count
    return reached


def parent_link(key: str) -> bool:
    label, name = key.rsplit(".", 1)
    remote = apps.get_model(label)._meta.get_field(name).remote_field
    return bool(remote and remote.parent_link)


def test_rows_reached_through_each_relation_equal_djangos_collection(seeded):
    """``reached``, the counts the preview picture writes on its edges."""
    mismatches, rows = [], 0
    for obj in sample_rows():
        preview = preview_delete(obj)
        assert preview.walk == "sql"
        assert preview.reached is not None
        expected = reached_by_collection(obj)
        rows += bool(expected)
        # A multi-table child row deleted with its parent: not a relation's
        # count (the picture draws inheritance apart), left out above.
        found = {k: n for k, n in preview.reached.items() if not parent_link(k)}
        if found != expected:
            mismatches.append(f"{obj._meta.label} {obj.pk}: {found} != {expected}")
    assert rows > 20
    assert mismatches == []


def test_the_preview_picture_draws_the_answer_alone(seeded, admin_client):
    """The models a delete reaches, nothing else: not the store, product or
    user the deleted orders point to."""
    import re

    from demo_models.models import Customer

    customer = Customer.objects.filter(orders__lines__isnull=False).earliest("pk")
    html = admin_client.get(
        f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/delete-preview/"
    ).content.decode()
    preview = preview_delete(customer)
    drawn = re.findall(r'<g id="erviz&#45;model&#45;([^"]+)" class="node"', html)
    answer = {"demo_models.Customer", *preview.deleted, *preview.protected_by_model}
    answer |= {key.rsplit(".", 1)[0] for key in preview.updated}
    assert "demo_models.OrderLine" in drawn
    assert set(drawn) <= answer
    assert "auth.User" not in drawn and "demo_models.Store" not in drawn
