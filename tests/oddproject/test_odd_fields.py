"""erviz on relation fields of every odd shape (tests/oddproject/odd): each
one is described as documented, reported once, and nothing fails because of
it — not the schema, an export, a page, the lint or a delete preview.

Run with ``pytest --ds=tests.oddproject.settings tests/oddproject``.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import checks
from django.core.management import CommandError, call_command

from erviz.render import FORMATS
from erviz.rows.delete_preview import preview_delete_rows
from erviz.schema import build_schema
from tests.collector import djangos_counts

from .odd.models import Copy, Edition, Shelf, Stock, StockNote, Tag

#: Every odd field and how erviz lists it: (kind, target, cardinality).
EXPECTED = {
    # No target, no remote_field: a reference to rows of any model.
    "odd.Edition.cited_by": ("generic_foreign_key", None, "one_to_many"),
    "odd.Edition.cover_of": ("generic_foreign_key", None, "many_to_one"),
    "odd.Edition.sole_review": ("generic_foreign_key", None, "one_to_one"),
    # A target and a remote_field, but no cardinality flag.
    "odd.Copy.shelf": ("other", "odd.Shelf", None),
    # A lazy reference to an app that is not installed.
    "odd.Scrapbook.archive": ("other", None, "many_to_one"),
    # A GenericForeignKey subclass.
    "odd.Tag.tagged": ("generic_foreign_key", None, "many_to_one"),
    # ForeignObjects over two columns, one to a composite primary key.
    "odd.Copy.edition": ("foreign_key", "odd.Edition", "many_to_one"),
    "odd.StockNote.stock": ("foreign_key", "odd.Stock", "many_to_one"),
    # Added to odd.Edition by another app's contribute_to_class().
    "odd.Edition.curator": ("foreign_key", "auth.User", "many_to_one"),
}
NOTED = {"odd.Copy.shelf", "odd.Scrapbook.archive"}


@pytest.fixture(scope="module")
def schema():
    return build_schema()


def test_each_odd_field_is_listed_by_what_django_says_of_it(schema):
    relations = schema.relations_by_id
    found = {
        id: (relations[id].kind, relations[id].target, relations[id].cardinality)
        for id in EXPECTED
    }
    assert found == EXPECTED
    assert relations["odd.Scrapbook.archive"].target_unresolved == (
        "notinstalled.Archive"
    )
    assert relations["odd.Tag.tagged"].generic_fields == ("content_type", "object_id")
    assert relations["odd.Edition.cited_by"].generic_fields is None
    assert relations["odd.Copy.edition"].to_field == "isbn_prefix,isbn"
    assert relations["odd.Copy.edition"].reverse_accessor == "copies"
    assert relations["odd.Edition.curator"].reverse_accessor == "curated_editions"


def test_fields_erviz_cannot_fully_read_are_noted_once_each(schema):
    assert [note.id for note in schema.notes] == sorted(NOTED)
    assert {note.problem for note in schema.notes} == {"unknown_shape"}


def test_each_note_is_one_system_check_warning_naming_the_field_and_class():
    warnings = [m for m in checks.run_checks() if m.id == "erviz.W010"]
    assert sorted(w.msg.split(" ")[0] for w in warnings) == sorted(
        f"{id}:" for id in NOTED
    )
    shelf = next(w for w in warnings if w.msg.startswith("odd.Copy.shelf"))
    assert "tests.oddproject.odd.fields.FlaglessForeignKey" in shelf.msg
    assert all(w.level == checks.WARNING for w in warnings)


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_project_exports_in_every_format(tmp_path, fmt):
    out, err = StringIO(), StringIO()
    target = tmp_path / f"all.{fmt}"
    call_command(
        "erviz", "export", "-a", "--format", fmt, "-o", str(target),
        stdout=out, stderr=err,
    )  # fmt: skip
    data = target.read_bytes()
    assert data
    noted = [line for line in err.getvalue().splitlines() if "odd." in line]
    assert sorted(line.split(" ")[1].rstrip(":") for line in noted) == sorted(NOTED)
    if fmt == "json":
        document = json.loads(data)
        assert [note["field"] for note in document["notes"]] == ["shelf", "archive"]
        assert {r["id"] for r in document["relations"]} >= set(EXPECTED)
    if fmt in ("svg", "dot"):
        text = data.decode()
        assert "odd.Copy.shelf" in text  # the unknown shape is drawn


def test_lint_answers():
    out = StringIO()
    with pytest.raises(CommandError) as raised:  # exit 1: it has findings
        call_command("erviz", "lint", "--format", "json", stdout=out)
    assert raised.value.returncode == 1
    findings = json.loads(out.getvalue())["findings"]
    assert findings and all(f["rule"] for f in findings)


@pytest.fixture
def rows(db):
    edition = Edition.objects.create(
        isbn_prefix="978", isbn="1", title="<b>Odd</b>", cited_by="", cover_of=""
    )
    shelf = Shelf.objects.create(name="A")
    Copy.objects.create(isbn_prefix="978", isbn="1", shelf=shelf)
    Copy.objects.create(isbn_prefix="978", isbn="1")
    stock = Stock.objects.create(shop="s1", sku="k1")
    StockNote.objects.create(shop="s1", sku="k1", text="low")
    Tag.objects.create(
        content_type_id=1, object_id=edition.pk, name="tag"
    )  # a generic reference
    return {"edition": edition, "shelf": shelf, "stock": stock}


def test_every_page_kind_answers(admin_client, rows, schema):
    urls = ["/admin/erviz/", "/admin/erviz/search/?q=odd", "/admin/erviz/search/?q=e"]
    urls += [f"/admin/erviz/apps/{app.label}/" for app in schema.apps if app.models]
    for model in schema.models:
        if model.auto_created:
            continue  # a link table: not a page of its own (404)
        base = f"/admin/erviz/models/{model.label}/"
        urls += [base, f"{base}?depth=3", f"{base}panel/", f"{base}cascade/"]
    for model in (Edition, Shelf, Copy, StockNote, Tag):
        for row in model.objects.all():
            rows = f"/admin/erviz/models/{model._meta.label}/rows/{row.pk}/"
            urls += [f"{rows}delete-preview/", rows, *opened(row, rows)]
    for fmt in FORMATS:
        urls += [
            f"/admin/erviz/export/{fmt}/",
            f"/admin/erviz/export/{fmt}/?model=odd.Copy",
            f"/admin/erviz/export/{fmt}/?cascade=odd.Edition",
            f"/admin/erviz/export/{fmt}/?app=odd",
        ]
    statuses = {url: admin_client.get(url).status_code for url in urls}
    assert {url: s for url, s in statuses.items() if s != 200} == {}


def test_admin_pages_of_odd_models_keep_working(admin_client, rows):
    for model in (Edition, Copy, Shelf, StockNote, Tag):
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert response.status_code == 200, opts.label


@pytest.mark.parametrize("name", ["edition", "shelf", "stock"])
def test_row_preview_agrees_with_djangos_collector(rows, name):
    row = rows[name]
    preview = preview_delete_rows(type(row), [row.pk], time_budget=None)
    assert preview.deleted == djangos_counts(row)


def test_the_panel_notes_what_erviz_could_not_read(admin_client):
    panel = admin_client.get("/admin/erviz/models/odd.Copy/panel/").content.decode()
    assert "Fields erviz could not fully read" in panel
    assert "FlaglessForeignKey" in panel
    clean = admin_client.get("/admin/erviz/models/odd.Shelf/panel/").content.decode()
    assert "could not fully read" not in clean


def test_a_cascade_cycle_through_two_models_is_walked_by_keys(db):
    """SQL cannot close a cycle through two tables here: the preview walks
    primary keys, says so, and still equals Django."""
    from .odd.models import Keeper, Ring

    first = Ring.objects.create()
    ring = first
    for _ in range(5):  # ring -> keeper -> ring -> ... five times round
        keeper = Keeper.objects.create(ring=ring)
        ring = Ring.objects.create(keeper=keeper)
    Keeper.objects.create(ring=Ring.objects.create())  # not reached
    preview = preview_delete_rows(Ring, [first.pk], time_budget=None)
    assert preview.walk == "keys"
    assert preview.walk_reason and "cycle" in preview.walk_reason
    assert preview.deleted == djangos_counts(first) == {"odd.Ring": 6, "odd.Keeper": 5}


@pytest.mark.parametrize("name", ["edition", "shelf", "stock"])
def test_odd_rows_are_counted_in_sql(rows, name):
    row = rows[name]
    assert preview_delete_rows(type(row), [row.pk], time_budget=None).walk == "sql"


def opened(row, url: str) -> list[str]:
    """The related-rows page of ``row`` with each of its accessors opened."""
    from erviz.rows.related import related_rows

    found = related_rows(type(row), row.pk, "default")
    return [f"{url}?open={many.accessor}" for many in found.reverse]
