"""The time budget is a promise: a partial answer is honest (RESTRICT rows
not yet matched are undecided, never blockers), its lists stay bounded, and
one slow statement (a locked table, the server's own statement_timeout)
gives a partial answer within the budget, not a wait or an error page."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from demo_models.models import Customer, OrderLine, Product, Store
from erviz.rows import key_walk, row_preview
from erviz.rows.deadline import DeadlinePassed
from erviz.rows.delete_preview import preview_delete, preview_delete_rows

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL"
)


class Slow:
    """Every statement takes ``seconds`` longer (an execute wrapper)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, execute: Any, sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT"):
            time.sleep(self.seconds)
        return execute(sql, *args)


def a_store_whose_products_are_ordered() -> Store:
    return Store.objects.filter(products__order_lines__isnull=False).earliest("pk")


def test_restricted_rows_not_yet_decided_are_never_blockers(seeded):
    store = a_store_whose_products_are_ordered()
    full = preview_delete_rows(Store, [store.pk], time_budget=None)
    assert not full.blocked  # the store's orders take their lines with them
    found_undecided = False
    # Every budget up to the whole preview's time, so that one of them ends
    # between counting the restricted rows and taking out those deleted.
    for budget in (0.01, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3):
        with connection.execute_wrapper(Slow(0.02)):
            partial = preview_delete_rows(Store, [store.pk], time_budget=budget)
        assert partial.restricted == [] and not partial.restricted_by_model
        assert not partial.blocked
        if partial.partial:
            assert partial.partial_reason == "time_budget"
            found_undecided |= bool(partial.undecided)
        else:
            assert partial.deleted == full.deleted
    assert found_undecided  # some budget stopped between products and orders


def test_blocking_rows_are_counted_all_and_listed_up_to_a_bound(seeded, monkeypatch):
    monkeypatch.setattr(row_preview, "ROWS_LISTED", 2)
    product = (
        Product.objects.annotate(lines=Count("order_lines")).order_by("-lines").first()
    )
    assert product is not None
    lines = OrderLine.objects.filter(product=product).count()
    assert lines > 2
    preview = preview_delete(product)
    assert preview.restricted_by_model == {"demo_models.OrderLine": lines}
    assert len(preview.restricted) == 2
    assert preview.blocker_count == lines
    document = preview.document()
    assert document["restricted_count"] == {"demo_models.OrderLine": lines}
    assert len(document["restricted"]) == 2


def test_a_zero_budget_costs_nothing_and_says_partial(seeded):
    customer = Customer.objects.earliest("pk")
    started = time.monotonic()
    preview = preview_delete_rows(Customer, [customer.pk], time_budget=0)
    assert preview.partial and preview.partial_reason == "time_budget"
    assert time.monotonic() - started < 1


@pytest.fixture
def locked_orders(transactional_db, seeded):
    """demo_models_order locked by another session until the test ends."""
    from django.db import connections

    other = connections.create_connection("default")
    other.ensure_connection()
    raw: Any = other.connection
    raw.autocommit = False
    cursor = raw.cursor()
    cursor.execute("LOCK TABLE demo_models_order IN ACCESS EXCLUSIVE MODE")
    yield
    raw.rollback()
    other.close()


@postgres_only
def test_a_locked_table_gives_a_partial_answer_within_the_budget(
    locked_orders, settings
):
    settings.ERVIZ = {"PREVIEW_TIME_BUDGET": 1}
    customer = Customer.objects.earliest("pk")
    started = time.monotonic()
    preview = preview_delete(customer)
    elapsed = time.monotonic() - started
    assert preview.partial and preview.partial_reason == "time_budget"
    assert elapsed < 1 + 1, elapsed


@postgres_only
def test_the_servers_own_statement_timeout_gives_a_partial_answer(
    locked_orders, settings
):
    settings.ERVIZ = {"PREVIEW_TIME_BUDGET": 30}
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 300")
    try:
        customer = Customer.objects.earliest("pk")
        started = time.monotonic()
        preview = preview_delete(customer)
        assert preview.partial
        assert time.monotonic() - started < 2
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


@postgres_only
def test_the_preview_page_answers_while_a_table_is_locked(locked_orders, settings):
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    settings.ERVIZ = {"PREVIEW_TIME_BUDGET": 1}
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("boss", password="x"))
    customer = Customer.objects.earliest("pk")
    result: dict[str, Any] = {}

    def get() -> None:
        try:
            result["response"] = client.get(
                f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/delete-preview/"
            )
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=get)
    started = time.monotonic()
    thread.start()
    thread.join(timeout=10)
    assert time.monotonic() - started < 1 + 2
    assert result["response"].status_code == 200
    assert "Partial answer" in result["response"].content.decode()


def test_a_protected_row_in_djangos_collector_makes_the_answer_partial(monkeypatch):
    """Django's Collector stops collecting under a protected row (the rows
    after it are never reached), so that answer says it is a lower bound."""
    from django.db import models

    from demo_models.models import Department, Employee, Project

    rel = Employee._meta.get_field("department").remote_field

    def cascade_too(collector, field, sub_objs, using):  # a project's handler
        models.CASCADE(collector, field, sub_objs, using)

    monkeypatch.setattr(rel, "on_delete", cascade_too)
    department = Department.objects.create(name="R&D")
    lead = Employee.objects.create(name="Ada", department=department)
    Project.objects.create(name="Engine", lead=lead)
    preview = preview_delete(department)
    assert preview.collector and preview.blocked
    assert preview.protected_by_model == {"demo_models.Project": 1}
    assert preview.partial and preview.partial_reason == "protected"


def test_keys_streamed_before_the_deadline_are_counted():
    keys = key_walk.Keys()

    def stream():
        yield from (3, 9, 700)
        raise DeadlinePassed

    with pytest.raises(DeadlinePassed):
        keys.add(stream())
    assert len(keys) == 3 and list(keys) == [3, 9, 700]


@pytest.mark.parametrize("seed", range(5))
def test_keys_not_in_another_set_are_counted_and_listed_exactly(seed):
    import random

    rng = random.Random(seed)
    mine = {rng.randrange(5000) for _ in range(800)} | {"a", "b", "c"}
    theirs = {rng.randrange(6000) for _ in range(900)} | {"b"}
    ours, others = key_walk.Keys(), key_walk.Keys()
    ours.add(mine)
    others.add(theirs)
    expected = mine - theirs
    assert ours.count_not_in(others) == len(expected)
    first = ours.first_not_in(others, 10)
    assert len(first) == 10 and set(first) <= expected


@postgres_only
def test_a_bounded_block_leaves_the_projects_statement_timeout_in_force():
    """The naming that follows the walk (and anything after it in the
    transaction) runs under the project's own limit, not the walk's last."""
    from django.db import transaction

    from erviz.rows.deadline import bounded

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 12345")
        with bounded("default", time.monotonic() + 5):
            cursor.execute("SELECT 1")
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "12345ms"


def test_every_answer_within_a_budget_is_whole_or_says_partial(seeded):
    """Statements slowed down so that budgets end mid-way: for the demo's
    widest deletes and budgets from 0.3 s down, each answer either says it
    is partial or equals the unbounded one, and none overruns its budget by
    more than the second naming may take."""
    from django.apps import apps

    widest = []
    for model in apps.get_app_config("demo_models").get_models():
        obj = model._base_manager.order_by("pk").first()
        if obj is not None:
            full = preview_delete_rows(model, [obj.pk], time_budget=None)
            widest.append((len(full.deleted) + len(full.updated), model, obj, full))
    widest.sort(key=lambda item: -item[0])
    cut = 0
    with connection.execute_wrapper(Slow(0.01)):
        for _width, model, obj, full in widest[:6]:
            for budget in (0.3, 0.1, 0.03):
                started = time.monotonic()
                answer = preview_delete_rows(model, [obj.pk], time_budget=budget)
                assert time.monotonic() - started < budget + 1.5, (model, budget)
                if answer.partial:
                    assert answer.partial_reason == "time_budget"
                    cut += 1
                    continue
                assert (answer.deleted, answer.updated) == (
                    full.deleted,
                    full.updated,
                ), (model, budget)
                assert answer.blocker_count == full.blocker_count, (model, budget)
    assert cut, "some budget must have cut an answer for the test to mean anything"
