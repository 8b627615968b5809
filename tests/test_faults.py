"""A database that does not answer is said as such: a table that is not
there (an app that was never migrated) gives the row pages a 503 page that
names the fault and ``erviz cascade --pk`` / ``erviz rows`` a one-line error
with exit 2, never a 500, a traceback or a "no such row"; and the
connection stays usable for what comes next."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

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
