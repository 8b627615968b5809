"""The schema through time in the admin: ``?at=`` on the overview, app and
model pages (picker, banner, links that keep the migration), "what
changed since" and the cascade page compared with a migration."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

ERVIZ = "/admin/erviz"


def text(response) -> str:
    assert response.status_code == 200, response.content[-500:]
    return response.content.decode()


@pytest.mark.django_db
def test_the_overview_at_a_migration_draws_that_schema(admin_client):
    page = text(admin_client.get(f"{ERVIZ}/?at=ledger.0001&level=models"))
    assert "As of migration ledger.0001_initial" in page
    # Tag was renamed Label in 0004; Account deleted in 0005.
    assert "ledger.Tag" in page and "ledger.Account" in page
    assert "ledger.Label" not in page
    # The picker offers every migration of the apps, and zero.
    for name in (
        "ledger.0005_notes_and_profiles",
        "ledger.zero",
        "archive.0001_initial",
    ):
        assert f'value="{name}"' in page
    # The picture's models and the panel keep the migration on their links.
    assert "/models/ledger.Order/?at=ledger.0001" in page
    now = text(admin_client.get(f"{ERVIZ}/?level=models"))
    assert "ledger.Label" in now and "ledger.Tag" not in now
    assert "As of migration" not in now


@pytest.mark.django_db
def test_a_panel_and_a_download_at_a_migration(admin_client):
    panel = text(admin_client.get(f"{ERVIZ}/models/ledger.Order/panel/?at=ledger.0001"))
    assert "customer" in panel and "PROTECT" in panel and "buyer" not in panel
    download = admin_client.get(
        f"{ERVIZ}/export/json/?model=ledger.Order&at=ledger.0001"
    )
    document = json.loads(download.content)
    assert document["state"]["at"] == ["ledger.0001_initial"]
    ids = {r["id"] for r in document["relations"]}
    assert "ledger.Order.customer" in ids and "ledger.Order.buyer" not in ids


@pytest.mark.django_db
def test_what_changed_since_marks_added_removed_and_changed_relations(admin_client):
    model = text(admin_client.get(f"{ERVIZ}/models/ledger.Profile/?at=ledger.0004"))
    link = "/models/ledger.Profile/changes/?since=ledger.0004_renames"
    assert link in model
    page = text(admin_client.get(ERVIZ + link))
    rows = {
        relation: kind
        for kind, relation in re.findall(
            r'<tr class="erviz-change-(\w+)" data-relation="([^"]+)"', page
        )
    }
    # 0005 made Profile.customer a nullable foreign key with SET_NULL.
    assert rows == {"ledger.Profile.customer": "changed"}
    assert "on_delete: CASCADE → SET_NULL" in page
    assert "kind: one_to_one → foreign_key" in page
    # Order: its foreign key renamed and its tags relabelled since 0001.
    order = text(
        admin_client.get(f"{ERVIZ}/models/ledger.Order/changes/?since=ledger.0001")
    )
    found = {
        relation: kind
        for kind, relation in re.findall(
            r'<tr class="erviz-change-(\w+)" data-relation="([^"]+)"', order
        )
    }
    assert found == {
        "ledger.Order.customer": "removed",
        "ledger.Order.tags": "removed",
        "ledger.Order.buyer": "added",
        "ledger.Order.labels": "added",
    }
    # The picture draws both: the removed model outlined and named so, the
    # removed relations dashed in the muted colour.
    assert ">removed<" in order and ">added<" in order
    removed_edge = re.search(
        r'<g id="[^"]*ledger\.Order\.customer"[^>]*>.*?<path [^>]*>', order, re.S
    )
    added_edge = re.search(
        r'<g id="[^"]*ledger\.Order\.buyer"[^>]*>.*?<path [^>]*>', order, re.S
    )
    assert removed_edge and "stroke-dasharray" in removed_edge.group(0)
    assert added_edge and "stroke-dasharray" not in added_edge.group(0)
    # Generic relations, which migrations do not record, are not "added".
    assert "ledger.Customer.notes" not in found


@pytest.mark.django_db
def test_the_cascade_page_compares_its_delete_with_a_migration(admin_client):
    page = text(
        admin_client.get(f"{ERVIZ}/models/ledger.Customer/cascade/?at=ledger.0001")
    )
    compared = page[page.index("erviz-compared") : page.index("</dl>")]
    assert "Compared with migration ledger.0001_initial" in compared
    # At 0001 Order.customer was PROTECT, and Account cascaded.
    assert re.search(r"No longer refused by</dt><dd>ledger.Order.customer<", compared)
    assert re.search(r"No longer deletes</dt><dd>ledger.Account<", compared)
    assert re.search(r"Now also deletes</dt><dd>[^<]*ledger.Order\b", compared)
    # The generic relation to Note is not a change migrations could show.
    assert "ledger.Note" not in compared
    same = text(
        admin_client.get(
            f"{ERVIZ}/models/ledger.Customer/cascade/?at=ledger.0005_notes_and_profiles"
        )
    )
    assert "reaches the same models as it did then" in same


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "at=ledger.9",
            "Cannot find a migration matching &#x27;9&#x27; from app &#x27;ledger&#x27;.",
        ),
        ("at=ledger.000", "More than one migration matches"),
        ("at=nope.0001", "No installed app with label &#x27;nope&#x27;."),
        ("at=%3Cscript%3E", "at must name a migration"),
        ("at=auth", "at must name a migration"),
    ],
)
def test_a_migration_migrate_would_refuse_is_a_400(admin_client, query, message):
    for url in (f"{ERVIZ}/?{query}", f"{ERVIZ}/models/ledger.Order/?{query}"):
        response = admin_client.get(url)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "<script>" not in response.content.decode()
    changes = admin_client.get(
        f"{ERVIZ}/models/ledger.Order/changes/?{query.replace('at=', 'since=')}"
    )
    assert changes.status_code == 400


@pytest.mark.django_db
def test_a_state_shows_only_what_the_user_may_see(client):
    user = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_order", "view_customer"])
    )
    client.force_login(user)
    page = text(client.get(f"{ERVIZ}/?at=ledger.0001&level=models"))
    # Tag exists no more: no permission can be asked of it, so it is hidden.
    assert "ledger.Tag" not in page and "ledger.Account" not in page
    assert "ledger.Order" in page
    # Only the apps the user sees a model of are offered.
    assert 'value="archive.0001_initial"' not in page
    download = client.get(f"{ERVIZ}/export/json/?at=ledger.0001")
    labels = {m["label"] for m in json.loads(download.content)["models"]}
    assert labels == {"ledger.Order", "ledger.Customer"}
    assert client.get(f"{ERVIZ}/models/ledger.Tag/?at=ledger.0001").status_code == 404
