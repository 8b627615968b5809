"""Edge labels placed off boxes and each other (erviz.render.labels), on the
laid-out graphs of the demo's pages: the browser suite measures the same on
the rendered text; this runs without a browser."""

from __future__ import annotations

import itertools
import math
import random
import time

import pygraphviz
import pytest

from erviz.graphviz import worker
from erviz.graphviz.labels import LABELS, MIDDLE, Box, _Grid, label_size
from erviz.render import dot
from erviz.render.graph import Graph
from erviz.render.options import DiagramOptions
from erviz.render.scene import build_app_map, build_scene
from erviz.schema.model import Schema
from erviz.schema.select import neighbourhood, select


def label_boxes(graph: pygraphviz.AGraph) -> list[tuple[str, Box]]:
    fontsize = float(graph.edge_attr["fontsize"])
    boxes = []
    for edge in graph.edges_iter():
        for text_name, position in (*LABELS.values(), MIDDLE):
            text, at = edge.attr.get(text_name), edge.attr.get(position)
            if text and at:
                x, y = (float(v) for v in at.split(","))
                # The estimate less the gap it keeps: the text itself.
                width, height = label_size(text, fontsize)
                boxes.append((text, Box.around(x, y, width - 3, height - 3)))
    return boxes


def collisions(graph: pygraphviz.AGraph) -> list[str]:
    labels = label_boxes(graph)
    nodes = []
    for node in graph.nodes_iter():
        x, y = (float(v) for v in node.attr["pos"].split(","))
        width, height = float(node.attr["width"]) * 72, float(node.attr["height"]) * 72
        nodes.append((str(node), Box.around(x, y, width, height)))
    found = [
        f"{a} / {b}"
        for (a, p), (b, q) in itertools.combinations(labels, 2)
        if p.overlap(q)
    ]
    found += [f"{a} / {b}" for a, p in labels for b, q in nodes if p.overlap(q)]
    return found


def agraph(graph: Graph) -> pygraphviz.AGraph:
    """erviz's graph as Graphviz reads it in the worker."""
    return pygraphviz.AGraph(string=graph.string())


def lay_out(graph: pygraphviz.AGraph, prog: str) -> None:
    """As the worker does, with no time budget."""
    worker._lay_out(graph, prog, time.monotonic(), None)


def model_pages(schema: Schema) -> list[str]:
    return [m.label for m in schema.models if m.app_label == "demo_models"]


@pytest.mark.parametrize("subject", ["Author", "Book", "Employee", "Order"])
def test_graphviz_alone_piles_labels_up_where_erviz_places_them_apart(
    schema: Schema, subject: str
):
    options = DiagramOptions()
    scene = build_scene(schema, neighbourhood(schema, f"demo_models.{subject}"), 8)
    graph = agraph(dot.build_graph(scene, options))
    graph.layout(prog="dot")
    assert collisions(graph), "the test can fail: Graphviz's own placement collides"
    lay_out(graph, "dot")
    assert collisions(graph) == []


def test_no_label_collides_on_any_demo_page_or_the_app_map(schema: Schema):
    options = DiagramOptions()
    for label in model_pages(schema):
        scene = build_scene(schema, neighbourhood(schema, label), 8)
        graph = agraph(dot.build_graph(scene, options))
        lay_out(graph, "dot")
        assert collisions(graph) == [], label
    every = select(schema)
    graph = agraph(dot.build_graph(build_scene(schema, every, 8), options))
    lay_out(graph, "dot")
    assert collisions(graph) == []
    graph = agraph(dot.build_app_map_graph(build_app_map(schema, every), options))
    lay_out(graph, "fdp")
    assert collisions(graph) == []


@pytest.mark.parametrize("prog", ["dot", "fdp"])
def test_the_roomier_second_layout_stays_the_same_size_order(
    schema: Schema, monkeypatch: pytest.MonkeyPatch, prog: str
):
    """Laid out again for room, a picture grows by its new margins only
    (fdp read the first layout's positions, in points, as inches: 40x)."""
    options = DiagramOptions()
    every = select(schema)
    if prog == "fdp":
        graph = agraph(dot.build_app_map_graph(build_app_map(schema, every), options))
    else:
        graph = agraph(dot.build_graph(build_scene(schema, every, 8), options))
    graph.layout(prog=prog)
    first = [float(v) for v in graph.graph_attr["bb"].split(",")]
    calls = []

    def crowded_once(laid_out: pygraphviz.AGraph, deadline: float | None) -> int:
        calls.append(1)
        return 1 if len(calls) == 1 else 0

    monkeypatch.setattr(worker, "place_edge_labels", crowded_once)
    lay_out(graph, prog)
    assert len(calls) == 2  # laid out twice
    second = [float(v) for v in graph.graph_attr["bb"].split(",")]
    assert second[2] < 3 * first[2] and second[3] < 3 * first[3]


def test_the_obstacle_index_counts_what_a_scan_of_every_obstacle_counts():
    """The grid (and its bisection of points) is only a faster way to the
    same overlap and point counts as testing every box and point, also
    where points crowd around a hub and boxes straddle cells."""
    rng = random.Random(7)
    grid = _Grid()
    boxes = []
    for _ in range(300):
        x, y = rng.uniform(-200, 400), rng.uniform(-200, 400)
        boxes.append(Box.around(x, y, rng.uniform(1, 120), rng.uniform(1, 60)))
        grid.add_box(boxes[-1])
    points = [(rng.gauss(50, 30), rng.gauss(50, 30)) for _ in range(3000)]
    points += [(float(rng.randrange(-5, 5)) * 24, 24.0) for _ in range(50)]
    for x, y in points:
        grid.add_point(x, y)
    grid.sort()
    for _ in range(500):
        x, y = rng.uniform(-150, 250), rng.uniform(-150, 250)
        box = Box.around(x, y, rng.uniform(1, 150), rng.uniform(1, 80))
        assert grid.points_inside(box) == sum(box.contains(*p) for p in points)
        assert grid.box_overlap(box) == pytest.approx(
            sum(box.overlap(other) for other in boxes)
        )
        # Asked to stop at a count it reaches, it says only "too many".
        inside = grid.points_inside(box)
        if inside:
            assert grid.points_inside(box, inside) == math.inf
            assert grid.points_inside(box, inside + 1) == inside


def test_a_hairball_is_laid_out_once_a_small_crowded_picture_twice(schema: Schema):
    """The roomier second layout doubles the time; it is spent where it
    places the few crowded labels, not on a hairball it cannot untangle."""
    rng = random.Random(3)
    edges = "\n".join(
        f"n{rng.randrange(20)} -> n{rng.randrange(20)} "
        f'[taillabel="field_{i}", headlabel="reverse_{i}"];'
        for i in range(300)
    )
    hairball = pygraphviz.AGraph(string=f"digraph {{ node [shape=box]; {edges} }}")
    assert worker._labels(hairball) > worker.RELAY_ALWAYS_BELOW
    assert worker._lay_out(hairball, "dot", time.monotonic(), None) is False
    every = select(schema)
    app_map = agraph(
        dot.build_app_map_graph(build_app_map(schema, every), DiagramOptions())
    )
    assert worker._lay_out(app_map, "fdp", time.monotonic(), None) is True
