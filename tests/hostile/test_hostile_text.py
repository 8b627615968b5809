"""Hostile text in every place Django takes it (tests/hostile): on every page
kind and in every export format nothing escapes its context, and every SVG
parses as XML.

Run with ``pytest --ds=tests.hostile.settings tests/hostile``.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from xml.etree import ElementTree

import pygraphviz
import pytest
from django.core.management import call_command

from erviz.render import FORMATS

from .evil.models import Pointer, Target
from .strings import HOSTILE

#: What would show that a hostile string left its context in a page.
MARKUP = ("<script>alert", "<svg onload", "</script><b>", "<i>name")


def assert_svg_is_safe(svg: str) -> None:
    root = ElementTree.fromstring(svg.encode())  # raises if not well-formed
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject"), tag
        assert not any(name.lower().startswith("on") for name in element.attrib)


@pytest.fixture
def rows(db):
    targets = [Target.objects.create(name=f"t{i}", kind="1") for i in range(3)]
    pointers = [Pointer.objects.create(target=t, other=t) for t in targets]
    return targets, pointers


def pages(rows):
    targets, pointers = rows
    urls = [
        "/admin/erviz/",
        "/admin/erviz/?level=apps",
        "/admin/erviz/apps/evil/",
        "/admin/erviz/search/?q=" + "%3Cscript%3E",
        "/admin/erviz/search/?q=evil",
    ]
    for label in ("evil.Target", "evil.Pointer"):
        base = f"/admin/erviz/models/{label}/"
        urls += [base, f"{base}?wait=1", f"{base}panel/", f"{base}cascade/"]
        urls.append(f"/admin/erviz/models/evil.Target/?panel={label}")
    for row in (*targets, *pointers):
        rows = f"/admin/erviz/models/{row._meta.label}/rows/{row.pk}/"
        urls += [f"{rows}delete-preview/", rows, *opened(row, rows)]
    urls += [f"/admin/evil/target/{targets[0].pk}/delete/"]
    return urls


def test_every_page_escapes_hostile_text(admin_client, rows):
    drawn = 0
    for url in pages(rows):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for marker in MARKUP:
            assert marker not in page, (url, marker)
        diagrams = [
            svg
            for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
            if 'class="graph"' in svg  # erviz's, not the admin's icons
        ]
        for svg in diagrams:
            assert_svg_is_safe(svg)
        drawn += len(diagrams)
        # Template syntax in the project's text is shown, never run.
        assert "{{7*7}}" in page or "7*7" not in page
    assert drawn >= 8  # the pages' inline diagrams were checked


def check_export(fmt: str, data: bytes) -> None:
    if fmt == "svg":
        assert_svg_is_safe(data.decode())
    elif fmt == "dot":
        graph = pygraphviz.AGraph(string=data.decode())
        assert "injected" not in graph.nodes()  # no node injected by a label
    elif fmt == "mermaid":
        text = data.decode()
        assert "%%{" not in text and "%{init" not in text
        lines = text.splitlines()
        assert lines[0] in ("erDiagram", "flowchart LR")
        assert all(line.startswith("    ") for line in lines[1:])
    elif fmt == "plantuml":
        lines = data.decode().splitlines()
        assert lines[0] == "@startuml" and lines[-1] == "@enduml"
        assert not any(line.lstrip().startswith(("!", "@")) for line in lines[1:-1]), [
            line for line in lines if line.lstrip().startswith(("!", "@"))
        ]
    elif fmt == "json":
        document = json.loads(data)
        relations = {r["id"]: r for r in document.get("relations", [])}
        if "evil.Pointer.other" in relations:  # the facts stay exact
            assert relations["evil.Pointer.other"]["reverse_query_name"] == HOSTILE[6]
    else:
        assert data[:4] in (b"\x89PNG", b"%PDF")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "scope", ["", "?app=evil", "?model=evil.Pointer", "?level=apps"]
)
def test_every_download_keeps_hostile_text_in_its_context(admin_client, db, fmt, scope):
    response = admin_client.get(f"/admin/erviz/export/{fmt}/{scope}")
    assert response.status_code == 200
    check_export(fmt, response.content)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cli_export_keeps_hostile_text_in_its_context(tmp_path, fmt):
    target = tmp_path / f"evil.{fmt}"
    call_command(
        "erviz", "export", "evil", "--format", fmt, "-o", str(target),
        stderr=StringIO(),
    )  # fmt: skip
    check_export(fmt, target.read_bytes())


def test_the_cli_row_preview_prints_hostile_rows_on_one_line(rows):
    targets, _pointers = rows
    out = StringIO()
    call_command(
        "erviz", "cascade", "evil.Target", "--pk", str(targets[0].pk), stdout=out
    )
    first = out.getvalue().splitlines()[0]
    assert first.startswith("Deleting evil.Target")


def opened(row, url: str) -> list[str]:
    """The related-rows page of ``row`` with each of its accessors opened."""
    from erviz.rows.related import related_rows

    found = related_rows(type(row), row.pk, "default")
    return [f"{url}?open={many.accessor}" for many in found.reverse]


def test_a_named_views_hostile_title_stays_text(admin_client, settings, db):
    """A view's title is the project's text: escaped in the overview's list
    and title, and in the label of a diagram embedded in docs."""
    from erviz.embedded import Diagram, inline_svg

    settings.ERVIZ = {"VIEWS": {"evil": {"title": HOSTILE[1], "models": ["evil.*"]}}}
    for url in ("/admin/erviz/", "/admin/erviz/?view=evil"):
        page = admin_client.get(url).content.decode()
        for marker in MARKUP:
            assert marker not in page, (url, marker)
    svg = inline_svg(Diagram(view="evil"), "erviz-evil-1")
    assert_svg_is_safe(svg)
    assert "<svg onload" not in svg
