"""A database that does not answer is said as such: a table that is not
there (an app that was never migrated) gives the row pages a 503 page that
names the fault and ``erviz cascade --pk`` / ``erviz rows`` a one-line error
with exit 2, never a 500, a traceback or a "no such row"; and the
connection stays usable for what comes next."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

pytestmark = pytest.mark.django_db


def drop_table(table: str) -> None:
    """Inside the test's transaction: rolled back when the test ends."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:  # the seeded rows' deferred key checks, first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cascade = " CASCADE" if postgresql else ""
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}{cascade}")


def test_a_missing_table_on_the_way_is_a_503_page_and_exit_2(seeded, admin_client):
    from demo_models.models import Order, OrderLine

    order = Order.objects.filter(lines__isnull=False).earliest("pk")
    drop_table(OrderLine._meta.db_table)
    page = admin_client.get(
        f"/admin/erviz/models/demo_models.Order/rows/{order.pk}/delete-preview/"
    )
    assert page.status_code == 503
    assert "did not answer" in page.content.decode()
    with pytest.raises(CommandError) as failure:
        call_command("erviz", "cascade", "demo_models.Order", "--pk", str(order.pk))
    assert failure.value.returncode == 2
    assert "did not answer" in str(failure.value)
    # The connection answers the next query.
    assert Order.objects.filter(pk=order.pk).exists()


def test_the_rows_own_missing_table_is_a_fault_not_no_such_row(seeded, admin_client):
    from demo_models.models import OrderLine

    line = OrderLine.objects.earliest("pk")
    drop_table(OrderLine._meta.db_table)
    for page in ("", "delete-preview/"):
        response = admin_client.get(
            f"/admin/erviz/models/demo_models.OrderLine/rows/{line.pk}/{page}"
        )
        assert response.status_code == 503, page
    for command in ("rows", "cascade"):
        with pytest.raises(CommandError) as failure:
            call_command(
                "erviz", command, "demo_models.OrderLine", "--pk", str(line.pk)
            )
        assert failure.value.returncode == 2
        assert "did not answer" in str(failure.value)
        assert "No demo_models.OrderLine" not in str(failure.value)


# -- a PostgreSQL backend killed mid-request ----------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_terminate_backend is PostgreSQL's"
)


@contextmanager
def killed_at(marker: str) -> Iterator[list[str]]:
    """Terminate the default connection's backend (pg_terminate_backend, from
    a second connection, as an operator or a failover would) just before
    its first statement that contains ``marker`` runs."""
    import psycopg

    killed: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not killed and marker in sql:
            pid = connection.connection.info.backend_pid
            settings = connection.settings_dict
            with psycopg.connect(
                host=settings["HOST"], port=settings["PORT"] or 5432,
                user=settings["USER"], dbname=settings["NAME"], autocommit=True,
            ) as other:  # fmt: skip
                other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            killed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield killed


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("marker", ["COUNT(", "SET TRANSACTION READ ONLY"])
@pytest.mark.parametrize("surface", ["preview", "rows", "cascade", "cli-rows"])
def test_a_backend_killed_mid_request_is_a_fault_and_the_next_one_answers(
    admin_client, surface, marker
):
    from demo_models.models import Customer

    call_command("seed_demo", stdout=StringIO())
    customer = Customer.objects.filter(orders__isnull=False).earliest("pk")
    base = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    with killed_at(marker) as killed:
        if surface in ("preview", "rows"):
            url = base + ("delete-preview/" if surface == "preview" else "")
            response = admin_client.get(url)
            assert response.status_code == 503, response.content[:300]
            assert "did not answer" in response.content.decode()
        else:
            command = "cascade" if surface == "cascade" else "rows"
            with pytest.raises(CommandError) as failure:
                call_command(
                    "erviz", command, "demo_models.Customer", "--pk",
                    str(customer.pk), stdout=StringIO(),
                )  # fmt: skip
            assert failure.value.returncode == 2
            assert "did not answer" in str(failure.value)
    assert killed, "the backend must have been killed for the test to mean anything"
    # The next request, and the next command, answer.
    assert admin_client.get(base + "delete-preview/").status_code == 200
    out = StringIO()
    call_command(
        "erviz", "rows", "demo_models.Customer", "--pk", str(customer.pk), stdout=out
    )
    assert "orders" in out.getvalue()


# -- a replica that does not answer ------------------------------------------


class ReadsFromReplica:
    """A project's router: the shop's reads go to the replica."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return "replica" if model._meta.app_label == "demo_models" else None


@pytest.fixture
def dead_replica(settings: Any) -> Iterator[str]:
    """An alias "replica" that nothing answers on (a server that is down),
    which previews count on and the routers send reads to."""
    dead = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        dead["NAME"] = "/nonexistent/erviz/replica.sqlite3"
    else:
        dead.update(HOST="127.0.0.1", PORT=1, OPTIONS={"connect_timeout": 2})
    connections.settings["replica"] = dead
    may_connect("replica")
    settings.DATABASE_ROUTERS = [f"{__name__}.ReadsFromReplica"]
    try:
        yield "replica"
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]


def may_connect(alias: str) -> None:
    """Let the test connect to ``alias`` (and reconnect after a fault) as
    Django's own ensure_connection() does: Django's test case lets a test
    open only the aliases it declared, and declaring a replica would make
    it set up a test database there."""
    wrapper = connections[alias]

    def ensure_connection() -> None:
        if wrapper.connection is None:
            with wrapper.wrap_database_errors:
                wrapper.connect()

    wrapper.ensure_connection = ensure_connection  # type: ignore[method-assign]


def customer_urls() -> tuple[Any, list[str]]:
    from demo_models.models import Customer

    customer = (
        Customer.objects.using("default").filter(orders__isnull=False).earliest("pk")
    )
    base = f"/admin/erviz/models/demo_models.Customer/rows/{customer.pk}/"
    return customer, [base + "delete-preview/", base]


def test_a_dead_replica_is_said_as_such_not_no_such_row(
    seeded, admin_client, dead_replica, settings
):
    settings.ERVIZ = {"PREVIEW_DATABASE": dead_replica}
    customer, urls = customer_urls()
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 503, url
        assert "The database replica did not answer" in response.content.decode()
    for command in ("cascade", "rows"):
        with pytest.raises(CommandError) as failure:
            call_command(
                "erviz", command, "demo_models.Customer", "--pk", str(customer.pk),
                stdout=StringIO(),
            )  # fmt: skip
        assert failure.value.returncode == 2
        assert "'replica' did not answer" in str(failure.value)


def test_a_dead_replica_falls_back_to_the_write_database_where_allowed(
    seeded, admin_client, dead_replica, settings
):
    settings.ERVIZ = {
        "PREVIEW_DATABASE": dead_replica,
        "PREVIEW_DATABASE_FALLBACK": True,
    }
    customer, (preview_url, rows_url) = customer_urls()
    for url in (preview_url, rows_url):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'data-erviz-unanswered="replica"' in page
        assert 'read on the database "default" instead' in page
    preview = admin_client.get(preview_url).context["preview"]
    assert (
        preview.deleted["demo_models.Order"] == customer.orders.using("default").count()
    )
    for command in ("cascade", "rows"):
        out, err = StringIO(), StringIO()
        call_command(
            "erviz", command, "demo_models.Customer", "--pk", str(customer.pk),
            "--format", "json", stdout=out, stderr=err,
        )  # fmt: skip
        assert '"database": "default"' in out.getvalue()
        assert "'replica' did not answer" in err.getvalue()
    # A database the user names is not replaced by another.
    with pytest.raises(CommandError) as failure:
        call_command(
            "erviz", "rows", "demo_models.Customer", "--pk", str(customer.pk),
            "--database", "replica", stdout=StringIO(),
        )  # fmt: skip
    assert failure.value.returncode == 2
