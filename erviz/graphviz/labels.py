"""Edge end labels moved to where they collide with nothing.

Graphviz puts every ``taillabel``/``headlabel`` at one angle and distance from
its edge's end and looks at nothing else, so beside a model that many edges
reach the field names and reverse accessors pile up on each other and on the
boxes. After layout, :func:`place_edge_labels` tries a ring of positions
around each end (Graphviz's own first) and keeps the one that overlaps the
least: no box, no label already placed, as few edge lines as it can, near
its end. The picture is then drawn from those positions (pygraphviz draws a
laid-out graph with ``neato -n2``, which keeps ``head_lp``/``tail_lp``).

Label sizes are estimated from the text (Graphviz does not report the size
of end labels): a wide Helvetica average, so that the estimate errs on the
large side and what does not collide here does not collide on screen.
"""

from __future__ import annotations

import itertools
import math
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pygraphviz

#: Width of an average character, in em, and line height: on the wide side
#: of Helvetica and Arial (lowercase and underscores average about 0.5 em).
CHAR_EM = 0.6
LINE_EM = 1.3
#: Points between a label and whatever is beside it.
GAP = 1.5
#: Distances from the edge's end to the label's nearest side, and angles
#: either side of the edge's direction, tried in this order.
DISTANCES = (4.0, 12.0, 22.0, 34.0, 48.0, 64.0, 82.0)
ANGLES = (30.0, -30.0, 60.0, -60.0, 95.0, -95.0, 130.0, -130.0, 165.0, -165.0, 0.0)
#: Distances along the edge, from its end, of the positions beside it.
ALONG = (40.0, 60.0, 85.0, 115.0, 150.0, 190.0)
#: How far off the line, beyond touching it, a label beside it may go.
OFFSETS = (0.0, 10.0)
#: Fractions of an edge's length where its middle label may go.
MIDDLES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88)
#: Side of the grid cells that index boxes, and of those that index the
#: edges' points (finer: beside a model that many edges reach, the points
#: are dense).
CELL = 48.0
POINT_ROW = 24.0


#: An edge's points, from one of its ends.
Line = list[tuple[float, float]]


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float) -> Box:
        return cls(x - width / 2, y - height / 2, x + width / 2, y + height / 2)

    def overlap(self, other: Box) -> float:
        """The area the two boxes share."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


class _Grid:
    """Boxes indexed by the cells they touch, and the edges' points by the
    cell they fall in, each cell's sorted by x once all are in (``sort``): a
    box finds the points of a cell between its sides by bisection and tests
    only those against its top and bottom, so a label near a model that
    hundreds of edges reach costs a few tests, not thousands."""

    def __init__(self) -> None:
        self.boxes: dict[tuple[int, int], list[Box]] = defaultdict(list)
        self._points: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(
            list
        )
        self.points: dict[tuple[int, int], tuple[list[float], list[float]]] = {}

    @staticmethod
    def _cells(box: Box, side: float = CELL) -> Iterator[tuple[int, int]]:
        for i in range(math.floor(box.x0 / side), math.floor(box.x1 / side) + 1):
            for j in range(math.floor(box.y0 / side), math.floor(box.y1 / side) + 1):
                yield i, j

    def add_box(self, box: Box) -> None:
        for cell in self._cells(box):
            self.boxes[cell].append(box)

    def add_point(self, x: float, y: float) -> None:
        cell = (math.floor(x / POINT_ROW), math.floor(y / POINT_ROW))
        self._points[cell].append((x, y))

    def sort(self) -> None:
        """Index the points added: call once they are all in."""
        for cell, points in self._points.items():
            points.sort()
            self.points[cell] = ([x for x, _y in points], [y for _x, y in points])

    def box_overlap(self, box: Box, enough: float = math.inf) -> float:
        """The area ``box`` shares with the boxes, or infinity once that
        reaches ``enough``."""
        seen: set[int] = set()
        total = 0.0
        for cell in self._cells(box):
            for other in self.boxes.get(cell, ()):
                if id(other) not in seen:
                    seen.add(id(other))
                    total += box.overlap(other)
            if total >= enough:
                return math.inf
        return total

    def points_inside(self, box: Box, enough: float = math.inf) -> float:
        """How many points ``box`` holds, or infinity once that reaches
        ``enough``."""
        count = 0
        for cell in self._cells(box, POINT_ROW):
            found = self.points.get(cell)
            if found is None:
                continue
            xs, ys = found
            low, high = bisect_left(xs, box.x0), bisect_right(xs, box.x1)
            count += sum(box.y0 <= y <= box.y1 for y in ys[low:high])
            if count >= enough:
                return math.inf
        return count


def label_size(text: str, fontsize: float) -> tuple[float, float]:
    """The estimated width and height, in points, of a one-line label."""
    return len(text) * fontsize * CHAR_EM + 2 * GAP, fontsize * LINE_EM + 2 * GAP


def longest_end_label(graph: pygraphviz.AGraph) -> float:
    """The estimated width, in points, of the graph's widest end label."""
    fontsize = float(graph.edge_attr.get("fontsize") or 14)
    return max(
        (
            label_size(edge.attr.get(text) or "", fontsize)[0]
            for edge in graph.edges_iter()
            for text, _position in LABELS.values()
        ),
        default=0.0,
    )


#: An edge's labels: the attribute naming its text and the one holding its
#: position.
LABELS = {"tail": ("taillabel", "tail_lp"), "head": ("headlabel", "head_lp")}
MIDDLE = ("label", "lp")


def place_edge_labels(graph: pygraphviz.AGraph, deadline: float | None = None) -> int:
    """Move the labels of the laid-out ``graph``'s edges (at their ends, and
    in the middle of the app map's links) off boxes and each other; the
    number that still overlap a box or a label. Past ``deadline`` (a
    ``time.monotonic()`` value) the labels left stay where Graphviz put
    them."""
    labels: list[tuple[pygraphviz.Edge, tuple[str, str], Iterator[Box]]] = []
    lines: list[Line] = []
    fontsize = float(graph.edge_attr.get("fontsize") or 14)
    for edge in graph.edges_iter():
        line = _spline(edge.attr.get("pos") or "")
        if len(line) < 2:
            continue
        lines.append(line)
        for names, around, points in (
            (LABELS["tail"], _around_end, line),
            (LABELS["head"], _around_end, line[::-1]),
            (MIDDLE, _beside_middle, line),
        ):
            text, current = (edge.attr.get(name) or "" for name in names)
            if text and current:
                size = label_size(text, fontsize)
                x, y = (float(v) for v in current.split(","))
                first = Box.around(x, y, *size)
                labels.append(
                    (edge, names, itertools.chain([first], around(size, points)))
                )
    if not labels:
        return 0
    bounds = _bounds(graph)
    grid = _Grid()
    for node in graph.nodes_iter():
        box = _node_box(node)
        if box is not None:
            grid.add_box(box)
    for cluster in graph.subgraphs_iter():
        box = _title_box(cluster)
        if box is not None:
            grid.add_box(box)
    for number, line in enumerate(lines):
        if number % 256 == 0 and deadline is not None and time.monotonic() > deadline:
            return len(labels)  # none moved: Graphviz's places stay
        for x, y in _sampled(line):
            grid.add_point(x, y)
    grid.sort()
    crowded = 0
    for edge, (_text, position), candidates in labels:
        if deadline is not None and time.monotonic() > deadline:
            break
        best: tuple[float, Box] | None = None
        for box in candidates:
            cost = _cost(box, grid, bounds, best[0] if best else math.inf)
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost < 1.0:
                break
        assert best is not None
        box = best[1]
        if grid.box_overlap(box) > 0:
            crowded += 1
        grid.add_box(box)
        edge.attr[position] = f"{(box.x0 + box.x1) / 2:.2f},{(box.y0 + box.y1) / 2:.2f}"
    return crowded


def _cost(box: Box, grid: _Grid, bounds: Box | None, best: float) -> float:
    """Overlap with boxes and labels weighs most, then lines crossed, then
    leaving the picture. Candidates come nearest first, so the first free
    one is also the nearest free one. Once the sum reaches ``best`` (the
    cost to beat) the rest is not counted: the box has lost."""
    cost = 0.0 if bounds is None or box.inside(bounds) else 10_000.0
    if cost >= best:
        return cost
    cost += grid.box_overlap(box, (best - cost) / 10) * 10
    if cost >= best:
        return cost
    return cost + grid.points_inside(box, (best - cost) / 40) * 40


def _around_end(size: tuple[float, float], line: Line) -> Iterator[Box]:
    """A ring around the end of ``line`` (the edge's points from this end),
    then beside the edge further along it, where a box that many edges
    reach has no room left around it."""
    width, height = size
    anchor = line[0]
    heading = math.atan2(line[1][1] - anchor[1], line[1][0] - anchor[0])
    for distance in DISTANCES:
        for angle in ANGLES:
            theta = heading + math.radians(angle)
            dx, dy = math.cos(theta), math.sin(theta)
            # The side of the box nearest the end sits ``distance`` away.
            cx = anchor[0] + dx * (distance + width / 2 * abs(dx))
            cy = anchor[1] + dy * (distance + height / 2 * abs(dy))
            yield Box.around(cx, cy, width, height)
    for along in ALONG:
        point = _along(line, along)
        if point is None:
            break
        yield from _beside(point, size)


def _beside_middle(size: tuple[float, float], line: Line) -> Iterator[Box]:
    """On either side of ``line``, from its middle outwards."""
    length = sum(
        math.hypot(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in itertools.pairwise(line)
    )
    for fraction in MIDDLES:
        point = _along(line, length * fraction)
        if point is not None:
            yield from _beside(point, size)


def _beside(
    point: tuple[tuple[float, float], tuple[float, float]], size: tuple[float, float]
) -> Iterator[Box]:
    """Boxes of ``size`` just off either side of a line at ``point``
    (a position and the line's unit direction there)."""
    (px, py), (dx, dy) = point
    width, height = size
    for off in OFFSETS:
        for side in (1, -1):
            ox, oy = -dy * side, dx * side
            reach = width / 2 * abs(ox) + height / 2 * abs(oy) + GAP + off
            yield Box.around(px + ox * reach, py + oy * reach, width, height)


def _along(
    line: list[tuple[float, float]], distance: float
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The point ``distance`` along ``line`` and the unit direction there;
    None past its other end."""
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        length = math.hypot(x1 - x0, y1 - y0)
        if length and distance <= length:
            dx, dy = (x1 - x0) / length, (y1 - y0) / length
            return (x0 + dx * distance, y0 + dy * distance), (dx, dy)
        distance -= length
    return None


def _node_box(node: pygraphviz.Node) -> Box | None:
    pos = node.attr.get("pos")
    if not pos:
        return None
    x, y = (float(v) for v in pos.split(",")[:2])
    width = float(node.attr.get("width") or 0) * 72
    height = float(node.attr.get("height") or 0) * 72
    return Box.around(x, y, width + 2 * GAP, height + 2 * GAP)


def _title_box(cluster: pygraphviz.AGraph) -> Box | None:
    """Where a cluster's title is written (Graphviz says its size)."""
    attr = cluster.graph_attr
    position, width, height = attr.get("lp"), attr.get("lwidth"), attr.get("lheight")
    if not (position and width and height):
        return None
    x, y = (float(v) for v in position.split(","))
    return Box.around(x, y, float(width) * 72 + 2 * GAP, float(height) * 72 + 2 * GAP)


def _bounds(graph: pygraphviz.AGraph) -> Box | None:
    bb = graph.graph_attr.get("bb")
    if not bb:
        return None
    x0, y0, x1, y1 = (float(v) for v in bb.split(","))
    return Box(x0, y0, x1, y1)


def _spline(pos: str) -> list[tuple[float, float]]:
    """The points of an edge's ``pos``: its ends (where the arrows point)
    first and last, the Bézier control points between."""
    start: tuple[float, float] | None = None
    finish: tuple[float, float] | None = None
    points: list[tuple[float, float]] = []
    # Several splines (";"-separated) only for concentrated edges: the first.
    for part in pos.split(";")[0].split():
        if part.startswith(("s,", "e,")):
            x, y = (float(v) for v in part[2:].split(","))
            if part[0] == "s":
                start = (x, y)
            else:
                finish = (x, y)
        else:
            x, y = (float(v) for v in part.split(","))
            points.append((x, y))
    return [*([start] if start else []), *points, *([finish] if finish else [])]


def _sampled(points: list[tuple[float, float]]) -> Iterator[tuple[float, float]]:
    """Points every few points along the control polygon, which a Bézier
    curve stays close to."""
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        steps = max(1, int(math.hypot(x1 - x0, y1 - y0) / 6))
        for k in range(steps):
            yield x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
