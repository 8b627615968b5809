"""erviz on large open-source apps that no other test uses (see
settings.py): every relation agrees with Django's API, every page answers
without a server error, the whole-project export is valid in every format,
and row previews agree with Django's Collector.

Run with ``pytest --ds=tests.realworld.settings tests/realworld``.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from filer.models import Folder
from helpdesk.models import FollowUp, Queue, Ticket

from erviz.render import FORMATS
from erviz.rows.delete_preview import preview_delete_rows
from erviz.schema import build_schema
from tests.collector import djangos_counts

# The main suite's checks of every relation against Django's own API, run
# here on these apps' models.
from tests.test_schema_introspect import (  # noqa: F401
    test_every_forward_relation_is_listed_once_on_its_declaring_model,
    test_every_installed_model_is_listed_with_its_table,
    test_field_records_match_django,
    test_installed_reverse_accessors_lead_back_to_the_relation,
    test_kinds_follow_djangos_relation_flags,
    test_model_facts_match_django,
    test_on_delete_is_what_djangos_migration_serializer_writes,
    test_relation_flags_match_django,
    test_reverse_accessors_are_djangos_accessor_names,
    test_reverse_query_names_work_in_lookups,
    test_targets_are_the_models_django_resolved,
    test_through_models_match_django,
)


@pytest.fixture(scope="module")
def schema():
    return build_schema()


def test_the_apps_custom_relation_fields_are_read(schema):
    relations = schema.relations_by_id
    placeholders = relations["cms.PageContent.placeholders"]
    assert placeholders.field_type == "PlaceholderRelationField"
    assert placeholders.kind == "generic_relation"
    assert placeholders.target == "cms.Placeholder"
    assert schema.notes == ()
    assert {"PROTECT", "SET_NULL", "CASCADE"} <= {r.on_delete for r in schema.relations}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_whole_project_exports_in_every_format(tmp_path, fmt):
    target = tmp_path / f"all.{fmt}"
    call_command(
        "erviz", "export", "-a", "--format", fmt, "-o", str(target), stderr=StringIO()
    )
    data = target.read_bytes()
    if fmt == "json":
        document = json.loads(data)
        assert {m["label"] for m in document["models"]} >= {"cms.Page", "filer.File"}
    elif fmt == "svg":
        assert data.startswith(b"<?xml") and b"</svg>" in data
    elif fmt == "png":
        assert data.startswith(b"\x89PNG")
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "dot":
        assert data.startswith(b"digraph")
    elif fmt == "mermaid":
        assert data.startswith(b"erDiagram")
    else:
        assert data.startswith(b"@startuml") and data.rstrip().endswith(b"@enduml")


@pytest.fixture
def rows(db, admin_user):
    folder = Folder.objects.create(name="<Docs>", owner=admin_user)
    Folder.objects.create(name="Sub", parent=folder)
    queue = Queue.objects.create(title="Support", slug="support")
    ticket = Ticket.objects.create(title="Broken <b>", queue=queue)
    FollowUp.objects.create(ticket=ticket, title="Seen")
    return {"folder": folder, "queue": queue, "ticket": ticket, "user": admin_user}


def test_every_page_answers_without_a_server_error(admin_client, rows, schema):
    urls = ["/admin/erviz/", "/admin/erviz/?level=apps", "/admin/erviz/search/?q=pa"]
    urls += [f"/admin/erviz/apps/{app.label}/" for app in schema.project_apps]
    for model in schema.project_models:
        base = f"/admin/erviz/models/{model.label}/"
        urls += [base, f"{base}panel/", f"{base}cascade/"]
    for row in rows.values():
        label = row._meta.label
        urls.append(f"/admin/erviz/models/{label}/rows/{row.pk}/delete-preview/")
        urls.append(f"/admin/erviz/models/{label}/rows/{row.pk}/")
    urls += [f"/admin/erviz/export/{fmt}/" for fmt in FORMATS]
    statuses = {url: admin_client.get(url).status_code for url in urls}
    assert {url: s for url, s in statuses.items() if s >= 500} == {}
    assert {url: s for url, s in statuses.items() if s != 200} == {}


@pytest.mark.parametrize("name", ["folder", "queue", "ticket", "user"])
def test_row_previews_agree_with_djangos_collector(rows, name, walk):
    row = rows[name]
    preview = preview_delete_rows(type(row), [row.pk], time_budget=None)
    assert preview.walk == walk
    assert preview.deleted == djangos_counts(row)
    assert not preview.blocked  # nothing here protects these rows


def test_related_rows_count_what_the_orm_counts(rows):
    """helpdesk's and filer's own rows: every accessor's count is the
    related manager's, every forward key the row the ORM loads."""
    from django.core.exceptions import ObjectDoesNotExist

    from erviz.rows.related import related_rows

    checked = 0
    for row in rows.values():
        found = related_rows(type(row), row.pk, "default")
        for many in found.reverse:
            try:
                value = getattr(row, many.accessor)
            except ObjectDoesNotExist:
                expected = 0
            else:
                expected = value.count() if hasattr(value, "count") else 1
            assert many.count == expected, (row, many.accessor)
            checked += expected > 0
        for forward in found.forward:
            target = getattr(row, forward.field)
            assert forward.pk == (None if target is None else target.pk)
    assert checked >= 3
