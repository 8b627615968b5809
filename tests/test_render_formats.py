"""Every format renders the demo and the full test project, and each output
parses back to exactly the models and relations of the selection."""

from __future__ import annotations

import json
import struct
import warnings
import xml.etree.ElementTree as ET

import pygraphviz
import pytest

from erviz.conf import get_config
from erviz.render import FORMATS, render
from erviz.render.dot import BACKSLASH
from erviz.render.options import LAYOUTS, DiagramOptions
from erviz.render.text import entity_name
from erviz.schema.select import select

SVG = "{http://www.w3.org/2000/svg}"
SELECTIONS = {"demo": ["demo_models"], "project": []}


def expected(schema, labels):
    """What the diagram must show, derived from the schema, not the scene."""
    models = {
        m.label for m in schema.models if m.label in labels and not m.auto_created
    }
    edges = {
        r.id
        for r in schema.relations
        if r.source in models and r.target and not r.parent_link
    }
    parents = {
        r.source for r in schema.relations if r.source in models and r.parent_link
    }
    proxies = {m.label for m in schema.models if m.label in models and m.proxy}
    targets = (
        {r.target for r in schema.relations if r.id in edges}
        | {r.target for r in schema.relations if r.source in parents and r.parent_link}
        | {schema.models_by_label[p].proxy_for for p in proxies}
    )
    return models, targets - models, edges, parents | proxies


@pytest.fixture(params=SELECTIONS, scope="module")
def selection(request, schema):
    return request.param, select(schema, app_labels=SELECTIONS[request.param])


def draw(schema, labels, fmt, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Graphviz label errors come as warnings
        return render(schema, labels, fmt, DiagramOptions(**options))


def svg_groups(data: bytes) -> dict[str, dict[str, str]]:
    root = ET.fromstring(data)
    return {
        g.attrib["id"]: dict(g.attrib)
        for g in root.iter(f"{SVG}g")
        if g.get("id", "").startswith("erviz-")
    }


def test_svg_is_xml_whose_ids_and_data_match_the_graph(schema, selection):
    _name, labels = selection
    models, stubs, edges, inherits = expected(schema, labels)
    groups = svg_groups(draw(schema, labels, "svg"))
    nodes = {g["data-model"] for g in groups.values() if "data-model" in g}
    assert nodes == models | stubs
    assert {k for k, g in groups.items() if g.get("data-stub") == "true"} == {
        f"erviz-model-{label}" for label in stubs
    }
    relations = {g["data-relation"] for g in groups.values() if "data-relation" in g}
    assert relations == edges
    for relation in (schema.relations_by_id[i] for i in edges):
        group = groups[f"erviz-relation-{relation.id}"]
        assert (group["data-source"], group["data-target"]) == (
            relation.source,
            relation.target,
        )
    children = {
        k.removeprefix("erviz-inherits-")
        for k in groups
        if k.startswith("erviz-inherits-")
    }
    assert children == inherits
    assert "erviz-legend" in groups


def group(root: ET.Element, element_id: str) -> ET.Element:
    """The SVG group Graphviz made for one of our nodes or edges."""
    return next(g for g in root.iter(f"{SVG}g") if g.get("id") == element_id)


def texts(element: ET.Element) -> set[str | None]:
    return {t.text for t in element.iter(f"{SVG}text")}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_has_its_magic_and_a_sane_size(schema, selection):
    data = draw(schema, selection[1], "png")
    width, height = png_size(data)
    assert 500 < width < 20_000 and 500 < height < 20_000
    assert width * height <= get_config()["PNG_MAX_PIXELS"] * 1.01
    assert 20_000 < len(data) < 30_000_000


def test_png_resolution_drops_to_stay_under_the_pixel_budget(schema):
    labels = select(schema)
    png = draw(schema, labels, "png", dpi=300, max_pixels=1_000_000)
    width, height = png_size(png)
    assert width * height <= 1_010_000


def test_pdf_has_its_magic_and_a_sane_size(schema, selection):
    data = draw(schema, selection[1], "pdf")
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert 5_000 < len(data) < 10_000_000


def test_dot_reparses_into_the_same_nodes_and_edges(schema, selection):
    labels = selection[1]
    models, stubs, edges, inherits = expected(schema, labels)
    graph = pygraphviz.AGraph(string=draw(schema, labels, "dot").decode())
    legend = 1
    assert graph.number_of_nodes() == len(models) + len(stubs) + legend
    assert graph.number_of_edges() == len(edges) + len(inherits)
    assert {str(n) for n in graph.nodes()} - {"erviz:legend"} == models | stubs


@pytest.mark.parametrize("fmt", ["mermaid", "plantuml"])
def test_text_diagrams_contain_every_model_and_relation(schema, selection, fmt):
    labels = selection[1]
    models, stubs, edges, _inherits = expected(schema, labels)
    text = draw(schema, labels, fmt).decode()
    for label in models | stubs:
        assert f" {entity_name(label)}" in text, label
    for relation in (schema.relations_by_id[i] for i in edges):
        line = next(
            (
                line
                for line in text.splitlines()
                if line.strip().startswith(entity_name(relation.source) + " ")
                and f" {entity_name(relation.target)} " in line
                and f"{relation.field} / " in line
            ),
            None,
        )
        assert line, relation.id


def test_json_is_the_export_contract(schema, selection):
    document = json.loads(draw(schema, selection[1], "json"))
    assert {m["label"] for m in document["models"]} == set(selection[1])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_engine_draws(schema, layout):
    labels = select(schema, app_labels=["demo_models"])
    groups = svg_groups(draw(schema, labels, "svg", layout=layout))
    assert len([g for g in groups.values() if "data-model" in g]) > 20


def test_field_detail_controls_the_rows(schema):
    labels = select(schema, include_models=["Book"])

    def rows(detail):
        root = ET.fromstring(draw(schema, labels, "svg", detail=detail))
        return texts(group(root, "erviz-model-demo_models.Book"))

    assert "page_count" in rows("all")
    assert "page_count" not in rows("keys") and "author" in rows("keys")
    assert "author" not in rows("none") and "Book" in rows("none")


def test_edges_name_the_field_and_the_reverse_accessor(schema):
    labels = select(schema, include_models=["Book", "Author"])
    root = ET.fromstring(draw(schema, labels, "svg"))
    assert {"author", "books"} <= texts(
        group(root, "erviz-relation-demo_models.Book.author")
    )
    hidden = select(schema, include_models=["Person"])
    root = ET.fromstring(draw(schema, hidden, "svg"))
    friends = group(root, "erviz-relation-demo_models.Person.friends")
    assert "+ (hidden)" in texts(friends)


def test_on_delete_is_drawn_by_colour_and_line_style(schema):
    labels = select(schema, app_labels=["demo_models"])
    root = ET.fromstring(draw(schema, labels, "svg"))

    def stroke(relation_id):
        path = next(group(root, f"erviz-relation-{relation_id}").iter(f"{SVG}path"))
        return path.get("stroke"), path.get("stroke-dasharray")

    cascade = stroke("demo_models.Book.author")
    protect = stroke("demo_models.Book.publisher")
    set_null = stroke("demo_models.Employee.manager")
    do_nothing = stroke("demo_models.AuditEntry.user")
    assert len({cascade, protect, set_null, do_nothing}) == 4
    assert set_null[1] and do_nothing[1] and not cascade[1]


def test_dark_theme_changes_the_background(schema):
    labels = select(schema, include_models=["Book"])
    light = draw(schema, labels, "svg", theme="light").decode()
    dark = draw(schema, labels, "svg", theme="dark").decode()
    assert 'fill="#121212"' in dark and 'fill="#121212"' not in light


MARKUP = '<b>"x" & y</b>'
HELP = '<script>alert("x")</script> & \\N \\G {a|b}'


@pytest.mark.parametrize("fmt", FORMATS)
def test_markup_and_quotes_in_user_content_render_as_text(schema, fmt):
    labels = select(schema, include_models=["Marked", "Topic"])
    data = draw(schema, labels, fmt)
    if fmt == "svg":
        root = ET.fromstring(data)
        assert not [e for e in root.iter() if e.tag in ("b", "script", f"{SVG}script")]
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert MARKUP in texts
        titles = [
            a.get("{http://www.w3.org/1999/xlink}title") or ""
            for a in root.iter(f"{SVG}a")
        ]
        # Graphviz expands \N in tooltips: backslashes show as BACKSLASH.
        assert any(HELP.replace("\\", BACKSLASH) in title for title in titles)
    elif fmt == "dot":
        graph = pygraphviz.AGraph(string=data.decode())
        assert (
            "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;"
            in graph.get_node("thirdparty.Marked").attr["label"]
        )
    elif fmt == "json":
        model = next(
            m for m in json.loads(data)["models"] if m["label"] == "thirdparty.Marked"
        )
        assert model["verbose_name"] == MARKUP
    elif fmt in ("mermaid", "plantuml"):
        text = data.decode()
        assert "<b>" not in text and "<script>" not in text
        assert '"x"' not in text and 'alert("x")' not in text
        if fmt == "plantuml":  # where a backslash starts an escape
            assert "\\N" not in text
    else:
        assert len(data) > 1000  # png/pdf: Graphviz accepted every label


def test_reverse_ends_say_when_only_lookups_reach_back(schema):
    labels = select(schema, include_models=["Article"])
    root = ET.fromstring(draw(schema, labels, "svg"))

    def labels_of(relation_id):
        return texts(group(root, f"erviz-relation-{relation_id}"))

    # taggit's manager: Django names article_set, but installs no attribute.
    assert "article (lookups only)" in labels_of("thirdparty.Article.tags")
    # related_name="+" with a related_query_name.
    assert "edited_article (lookups only)" in labels_of("thirdparty.Article.editor")
    assert "articles" in labels_of("thirdparty.Article.topic")


def test_a_multi_table_child_lists_only_its_own_fields(schema):
    labels = select(schema, include_models=["Store", "Place"])
    root = ET.fromstring(draw(schema, labels, "svg"))
    store = texts(group(root, "erviz-model-demo_models.Store"))
    assert {"place_ptr", "opening_hours"} <= store
    assert "address" not in store


@pytest.fixture
def toy_format():
    """A format of one registration: the model labels, one per line."""
    from erviz.render import REGISTRY, Format, register

    def lines(scene, options):
        return "".join(f"{m.label}\n" for m in scene.models).encode()

    register(
        Format(
            "toy",
            ("toy", "tx"),
            "text/x-toy",
            binary=False,
            picture=False,
            scene=lines,
            app_map=lambda app_map, options: "".join(
                f"{app.label}\n" for app in app_map.apps
            ).encode(),
        )
    )
    yield
    del REGISTRY["toy"]


@pytest.mark.django_db
def test_a_format_is_one_registration(toy_format, tmp_path, admin_client, schema):
    from io import StringIO

    from django.core.management import call_command

    labels = select(schema, app_labels=["demo_models"])
    assert render(schema, labels, "toy", DiagramOptions()).decode().splitlines() == [
        m.label for m in schema.models if m.label in labels and not m.auto_created
    ]
    out = tmp_path / "models.tx"  # found by its second extension
    call_command("erviz", "export", "demo_models", "-o", str(out), stderr=StringIO())
    assert out.read_text().startswith("demo_models.")
    response = admin_client.get("/admin/erviz/export/toy/?app=demo_models")
    assert response["Content-Type"] == "text/x-toy"
    assert response["Content-Disposition"].endswith('erviz-demo_models.toy"')
    page = admin_client.get("/admin/erviz/apps/demo_models/").content.decode()
    assert "/admin/erviz/export/toy/" in page  # offered as a download


def test_an_app_map_of_hundreds_of_links_draws_them_straight_and_unlabelled():
    """Past LABELLED_LINKS the counts move to the links' tooltips: hundreds
    of labels cannot be read, and placing them was most of the layout."""
    from erviz.render.dot import LABELLED_LINKS, build_app_map_graph
    from erviz.render.scene import AppLink, AppMap
    from erviz.schema.model import App

    apps = tuple(App(f"app{i}", f"app{i}", f"App {i}", ()) for i in range(30))
    pairs = [(a.label, b.label) for a in apps for b in apps if a.label != b.label]
    assert len(pairs) > LABELLED_LINKS
    for count, expect_labels in ((len(pairs), False), (LABELLED_LINKS, True)):
        links = tuple(AppLink(s, t, 3) for s, t in pairs[:count])
        graph = pygraphviz.AGraph(
            string=build_app_map_graph(AppMap(apps, links), DiagramOptions()).string()
        )
        edges = list(graph.edges_iter())
        assert len(edges) == min(count, len(pairs))
        assert all(bool(e.attr.get("label")) == expect_labels for e in edges)
        assert all("3 relations" in e.attr["tooltip"] for e in edges)
        assert graph.graph_attr["splines"] == ("true" if expect_labels else "false")
