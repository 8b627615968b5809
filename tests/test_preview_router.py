"""With a database router, the preview counts the database the admin would
delete from (``router.db_for_write``), as Django's own collection does."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from demo_models.models import Author
from tests.collector import djangos_counts
from tests.factories import create_book

pytestmark = pytest.mark.django_db(databases=["default", "other"])


class DemoToOther:
    """Sends the demo app's rows to the second database."""

    def db_for_read(self, model, **hints):
        return "other" if model._meta.app_label == "demo_models" else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return True


ROUTED = override_settings(DATABASE_ROUTERS=[f"{__name__}.DemoToOther"])


@ROUTED
def test_the_preview_page_counts_the_routed_database(admin_client):
    book = create_book()
    author = book.author
    assert Author.objects.using("default").count() == 0  # it lives on "other"
    expected = djangos_counts(author, "other")
    assert expected["demo_models.Book"] == 1
    page = admin_client.get(
        f"/admin/erviz/models/demo_models.Author/rows/{author.pk}/delete-preview/"
    )
    assert page.status_code == 200
    for label, count in expected.items():
        assert f'data-model="{label}">{count}<' in page.content.decode()


@ROUTED
def test_the_command_follows_the_router_or_its_database_option():
    author = create_book().author
    out = StringIO()
    call_command(
        "erviz", "cascade", "demo_models.Author", "--pk", str(author.pk),
        "--format", "json", stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["deleted"] == djangos_counts(author, "other")
    with pytest.raises(CommandError, match=r"No demo_models\.Author") as raised:
        call_command(
            "erviz", "cascade", "demo_models.Author", "--pk", str(author.pk),
            "--database", "default", stdout=StringIO(),
        )  # fmt: skip
    assert raised.value.returncode == 2
