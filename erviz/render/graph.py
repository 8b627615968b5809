"""A Graphviz graph as plain Python: nodes, edges, clusters and their
attributes, written out as DOT text.

The web process and the management command never load Graphviz's libraries
(a host that loads its own copy of one, Pango say, would crash in them):
they build a :class:`Graph`, and a worker process (:mod:`erviz.graphviz`)
lays the DOT text out and draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Html(str):
    """An HTML-like label, written ``<...>`` (the text holds its own outer
    brackets, as pygraphviz's labels do); every other value is quoted."""


#: Shown for a backslash that would end a quoted value, where DOT would read
#: it as escaping the closing quote.
BACKSLASH = "\u29f5"


def quote(text: str) -> str:
    """``text`` as a DOT quoted string that reads back as ``text``: DOT's
    scanner turns only ``\\"`` and a backslash before a line break into
    something else."""
    if text.endswith("\\"):
        text = text[:-1] + BACKSLASH
    text = text.replace('"', '\\"').replace("\\\n", BACKSLASH + "\n")
    return f'"{text}"'


def _value(value: str) -> str:
    return value if isinstance(value, Html) else quote(value)


def _attributes(attributes: dict[str, str]) -> str:
    written = [f"{name}={_value(v)}" for name, v in attributes.items() if v != ""]
    return f" [{', '.join(written)}]" if written else ""


@dataclass
class Graph:
    """A directed multigraph (``strict=False``) or one of its clusters."""

    name: str
    graph_attr: dict[str, str] = field(default_factory=dict)
    #: A node's label is its name unless it has one (Graphviz's default,
    #: which pygraphviz declared and Graphviz writes out).
    node_attr: dict[str, str] = field(default_factory=lambda: {"label": "\\N"})
    edge_attr: dict[str, str] = field(default_factory=dict)
    #: Statements in the order they were added: the order Graphviz keeps.
    statements: list[str | Graph] = field(default_factory=list)
    nodes: int = 0
    edges: int = 0

    def add_subgraph(self, name: str, **attributes: str) -> Graph:
        subgraph = Graph(name, graph_attr=dict(attributes), node_attr={})
        self.statements.append(subgraph)
        return subgraph

    def add_node(self, name: str, **attributes: str) -> None:
        self.nodes += 1
        self.statements.append(f"{quote(name)}{_attributes(attributes)}")

    def add_edge(
        self, tail: str, head: str, key: str | None = None, **attributes: str
    ) -> None:
        """An edge; ``key`` tells apart edges between the same two nodes."""
        self.edges += 1
        if key is not None:
            attributes = {"key": key, **attributes}
        self.statements.append(
            f"{quote(tail)} -> {quote(head)}{_attributes(attributes)}"
        )

    @property
    def size(self) -> tuple[int, int]:
        """Nodes and edges, clusters included."""
        nodes, edges = self.nodes, self.edges
        for statement in self.statements:
            if isinstance(statement, Graph):
                inner = statement.size
                nodes, edges = nodes + inner[0], edges + inner[1]
        return nodes, edges

    def string(self, kind: str = "digraph") -> str:
        lines = [f"{kind} {quote(self.name)} {{"]
        for keyword, attributes in (
            ("graph", self.graph_attr),
            ("node", self.node_attr),
            ("edge", self.edge_attr),
        ):
            if any(v != "" for v in attributes.values()):
                lines.append(f"{keyword}{_attributes(attributes)};")
        for statement in self.statements:
            if isinstance(statement, Graph):
                lines.append(statement.string("subgraph"))
            else:
                lines.append(statement + ";")
        lines.append("}")
        return "\n".join(lines)
