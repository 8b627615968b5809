"""The worker interpreter: reads DOT from the client, lays it out, places
the edge labels and draws it, one request at a time, until its stdin ends.

Run as ``python -m erviz.graphviz.worker`` by :mod:`.client`.
"""

from __future__ import annotations

import math
import os
import sys
import time
import warnings
from typing import Any

import pygraphviz

from . import protocol
from .labels import LABELS, MIDDLE, longest_end_label, place_edge_labels

#: A second, roomier layout for a picture of this many labels or fewer, and
#: for a bigger one only where at most this share of its labels found no
#: room: it doubles the time, and it cannot untangle a hairball.
RELAY_ALWAYS_BELOW = 200
RELAY_CROWDED_SHARE = 0.2
#: The PNG's first bytes, then the IHDR chunk's width and height.
PNG_SIZE = slice(16, 24)


def main() -> None:
    requests = sys.stdin.buffer
    # Graphviz and its plugins may print to fd 1: the answers get a pipe of
    # their own and fd 1 goes where stderr goes.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    while (request := protocol.read(requests)) is not None:
        try:
            answer: dict[str, Any] = {"ok": True, **handle(request)}
        except Exception as error:  # a graph Graphviz refuses, say
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        answers.write(protocol.encode(answer))
        answers.flush()


def handle(request: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    budget = request.get("budget")
    deadline = started + budget if budget else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Graphviz's warnings, as pygraphviz's
        graph = pygraphviz.AGraph(string=request["dot"])
        fmt = request["format"]
        if fmt == "dot":
            return {"data": graph.string().encode()}
        relaid = _lay_out(graph, request["prog"], started, deadline)
        dpi = None
        if fmt == "png":
            dpi = _png_dpi(graph, request["dpi"], request["max_pixels"])
            graph.graph_attr["dpi"] = str(dpi)
        data: bytes = graph.draw(format=fmt)
        if fmt == "png" and _pixels(data) > request["max_pixels"]:
            # Labels placed at the picture's edge can widen it a little.
            scale = math.sqrt(request["max_pixels"] / _pixels(data))
            dpi = max(1, int(dpi * scale * 0.98)) if dpi else None
            graph.graph_attr["dpi"] = str(dpi)
            data = graph.draw(format=fmt)
    return {"data": data, "dpi": dpi, "relaid": relaid}


def _lay_out(
    graph: pygraphviz.AGraph, prog: str, started: float, deadline: float | None
) -> bool:
    """Lay the graph out with its edge labels placed off boxes and each
    other; where some found no room, and a second layout fits in the time
    left, once more with room for them (whether it did). For dot, twice the
    space between boxes in a rank and, between ranks (left to right), the
    longest end label's width, so that a label fits between the two boxes
    it joins; for fdp, a margin around each box (longer springs would make
    the app map too large to read at first sight)."""
    graph.layout(prog=prog)
    first = time.monotonic() - started
    crowded = place_edge_labels(graph, deadline)
    if not crowded or prog not in ("dot", "fdp"):
        return False
    labels = _labels(graph)
    if labels > RELAY_ALWAYS_BELOW and crowded > RELAY_CROWDED_SHARE * labels:
        return False  # a hairball: more room between boxes does not untangle it
    if deadline is not None and time.monotonic() + 2 * first > deadline:
        return False  # the labels stay where the first layout put them
    if prog == "dot":
        widest = longest_end_label(graph) / 72 + 0.3
        ranksep = min(max(1.4, widest), 3)
        graph.graph_attr.update(nodesep="0.8", ranksep=f"{ranksep:.2f}")
    else:
        graph.graph_attr.update(sep="+40")
        # fdp starts from the positions it is given, read in inches: the
        # first layout's, in points, would spread the map 72 times wider.
        for node in graph.nodes_iter():
            del node.attr["pos"]
    graph.layout(prog=prog)
    place_edge_labels(graph, deadline)
    return True


def _labels(graph: pygraphviz.AGraph) -> int:
    names = (*(text for text, _position in LABELS.values()), MIDDLE[0])
    return sum(
        1 for edge in graph.edges_iter() for name in names if edge.attr.get(name)
    )


def _png_dpi(graph: pygraphviz.AGraph, asked: int, max_pixels: int) -> int:
    """The asked resolution, lowered to keep the image under max_pixels
    (however low that is: the caller warns, and SVG keeps every detail)."""
    _x0, _y0, x1, y1 = (float(v) for v in graph.graph_attr["bb"].split(","))
    margin = 2 * 72 * float(graph.graph_attr["pad"] or 0)
    points = max((x1 + margin) * (y1 + margin), 1.0)
    pixels_per_point = math.sqrt(max_pixels / points)
    return max(1, min(asked, int(72 * pixels_per_point)))


def _pixels(png: bytes) -> int:
    size = png[PNG_SIZE]
    return int.from_bytes(size[:4], "big") * int.from_bytes(size[4:], "big")


if __name__ == "__main__":
    main()
