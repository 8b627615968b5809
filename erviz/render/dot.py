"""Graphviz: the scene as a pygraphviz graph, and SVG/PNG/PDF/DOT bytes.

Every label is an HTML-like label built from escaped text, so model names,
verbose names and help texts (user content) always show as text.
"""

from __future__ import annotations

import html
import logging
import re
from html import unescape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..graphviz import client
from ..schema.model import ModelNode, Relation
from . import notation
from .graph import BACKSLASH, Graph, Html
from .options import DiagramOptions
from .scene import AppMap, Inheritance, Scene, Stub, reverse_label, shown_fields
from .theme import PALETTES, Palette
from .visible import visible_text

FONT = "Helvetica,Arial,sans-serif"
LEGEND_NODE = "erviz:legend"


logger = logging.getLogger("erviz.render")


def model_id(label: str) -> str:
    return f"erviz-model-{label}"


def relation_id(relation_id: str) -> str:
    return f"erviz-relation-{relation_id}"


def inheritance_id(inheritance: Inheritance) -> str:
    return f"erviz-inherits-{inheritance.child}"


def build_graph(scene: Scene, options: DiagramOptions) -> Graph:
    palette = PALETTES[options.theme]
    graph = Graph("erviz")
    graph.graph_attr.update(
        rankdir="TB" if options.narrow else "LR",
        bgcolor=palette.background,
        fontname=FONT,
        fontcolor=palette.text,
        nodesep="0.35",
        ranksep="0.9",
        pad="0.3",
        overlap="false" if options.layout != "dot" else "",
        splines="true",
    )
    graph.node_attr.update(fontname=FONT, fontsize="11", fontcolor=palette.text)
    graph.edge_attr.update(
        fontname=FONT,
        fontsize="9",
        fontcolor=palette.text,
        labelfontcolor=palette.muted,
        dir="both",
    )
    clustered = options.layout in ("dot", "fdp")
    for app_label in scene.app_labels:
        models = [m for m in scene.models if m.app_label == app_label]
        target = graph
        if clustered:
            target = graph.add_subgraph(
                name=f"cluster_{app_label}",
                label=Html(f"<<B>{escape(app_label)}</B>>"),
                color=palette.cluster,
                fontcolor=palette.muted,
                style="rounded",
                id=f"erviz-cluster-{app_label}",
            )
        for model in models:
            _add_model(target, model, options, palette)
        for stub in scene.stubs:
            if stub.beside == app_label:
                _add_stub(target, stub, options, palette)
    for stub in scene.stubs:
        if not (clustered and stub.beside):
            _add_stub(graph, stub, options, palette)
    notes = dict(options.edge_notes)
    gone = frozenset(options.gone)
    for relation in scene.edges:
        muted = palette.muted if relation.id in gone else None
        _add_relation(
            graph, relation, scene.head(relation), notes.get(relation.id), muted
        )
    for inheritance in scene.inheritance:
        _add_inheritance(graph, inheritance, palette)
    if not options.narrow:
        _add_legend(graph, scene, palette)
    return graph


def _add_model(
    graph: Graph,
    model: ModelNode,
    options: DiagramOptions,
    palette: Palette,
) -> None:
    fields = shown_fields(model, options.detail)
    subtitle = escape(model.app_label)
    if model.proxy:
        subtitle += " · " + escape(
            _("proxy of %(model)s") % {"model": model.proxy_for or ""}
        )
    default_verbose = re.sub(r"(?<!^)(?=[A-Z])", " ", model.name).lower()
    if model.verbose_name != default_verbose:
        subtitle += f" · {escape(model.verbose_name)}"
    rows = [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT" BGCOLOR="{palette.header(model.app_label)}">'
        f"<B>{escape(model.name)}</B>"
        f'<BR/><FONT POINT-SIZE="9" COLOR="{palette.muted}">{subtitle}</FONT></TD></TR>'
    ]
    border, width = palette.border, 1
    for label, mark, note in options.marks:
        if label == model.label and mark in notation.MARKS:
            border, width = notation.MARKS[mark]
            if note:  # (Graphviz refuses an empty <B></B>)
                rows.append(
                    f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{border}">'
                    f"<B>{escape(note)}</B></FONT></TD></TR>"
                )
    for field in fields:
        name = escape(field.name)
        if field.primary_key:
            name = f"<U>{name}</U>"
        flag = "?" if field.null else ""
        rows.append(
            f'<TR><TD ALIGN="LEFT" PORT="{escape(field.name)}">{name}</TD>'
            f'<TD ALIGN="LEFT"><FONT COLOR="{palette.muted}">'
            f"{escape(short_type(field.type))}{flag}</FONT></TD></TR>"
        )
    label = Html(
        f'<<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'COLOR="{border}" BGCOLOR="{palette.node}" STYLE="rounded">'
        f"{''.join(rows)}</TABLE>>"
    )
    graph.add_node(
        model.label,
        label=label,
        shape="plain",
        id=model_id(model.label),
        tooltip=_tooltip(_model_tooltip(model)),
        **_href(options.model_href, label=model.label),
    )


def _href(template: str | None, **values: str) -> dict[str, str]:
    return {"href": template.format(**values)} if template else {}


def _model_tooltip(model: ModelNode) -> str:
    lines = [f"{model.label} ({model.db_table})"]
    lines += [f"{f.name}: {f.help_text}" for f in model.fields if f.help_text]
    return "\n".join(lines)


def short_type(name: str) -> str:
    """A field's class as a picture shows it: without the "Field" every
    Django field class ends with (``BigAutoField`` is ``BigAuto``, a
    ``ForeignKey`` stays one); the panel gives the whole name."""
    return name.removesuffix("Field") or name


def _add_stub(
    graph: Graph, stub: Stub, options: DiagramOptions, palette: Palette
) -> None:
    model = stub.model
    where = (
        _("%(model)s (a copy for the models of %(app)s)")
        % {"model": model.label, "app": stub.beside}
        if stub.beside
        else _("%(model)s (drawn outside this view)") % {"model": model.label}
    )
    graph.add_node(
        stub.key,
        label=Html(
            f"<<B>{escape(model.name)}</B>"
            f'<BR/><FONT POINT-SIZE="9" COLOR="{palette.muted}">'
            f"{escape(model.app_label)}</FONT>>"
        ),
        shape="box",
        style="rounded,dashed",
        color=palette.border,
        margin="0.08,0.04",
        id=model_id(stub.key),
        tooltip=_tooltip(where),
        **_href(options.model_href, label=model.label),
    )


def _add_relation(
    graph: Graph,
    relation: Relation,
    head: str,
    note: str | None,
    gone: str | None = None,
) -> None:
    """The relation's edge; ``gone``, a colour, draws it dashed in that
    colour: a relation the models no longer have."""
    action = notation.action_for(relation)
    source_end, target_end = notation.ends(relation)
    attributes = {
        "id": relation_id(relation.id),
        "color": action.color,
        "style": action.style,
        "penwidth": "2" if action.style == "bold" else "1.2",
        "arrowtail": source_end,
        "arrowhead": target_end,
        "taillabel": visible_text(relation.field),
        "headlabel": visible_text(reverse_label(relation)),
        "labeldistance": "2",
        "labelangle": "30",
        "tooltip": _tooltip(_relation_tooltip(relation)),
    }
    if relation.through and not relation.through_auto:
        # The through model is drawn with its own foreign keys.
        attributes["style"] = "dashed"
    if gone:
        attributes["color"], attributes["style"] = gone, "dashed"
    if note:
        attributes["label"] = visible_text(note)
    graph.add_edge(relation.source, head, key=relation.id, **attributes)


def _relation_tooltip(relation: Relation) -> str:
    text = f"{relation.id} → {relation.target} ({relation.kind}"
    if relation.on_delete:
        text += f", on_delete={relation.on_delete}"
    if relation.through and not relation.through_auto:
        text += ", " + _("through %(model)s") % {"model": relation.through}
    return text + ")"


def _add_inheritance(graph: Graph, inheritance: Inheritance, palette: Palette) -> None:
    style = notation.PROXY if inheritance.kind == "proxy" else notation.INHERITANCE
    graph.add_edge(
        inheritance.child,
        inheritance.parent,
        key=inheritance.id,
        id=inheritance_id(inheritance),
        arrowhead="onormal",
        arrowtail="none",
        style=style.style,
        color=palette.muted,
        tooltip=_tooltip(
            _("%(child)s inherits %(parent)s")
            % {"child": inheritance.child, "parent": inheritance.parent}
        ),
    )


# Continuous glyphs for continuous lines: light for solid, heavy for bold.
_LINES = {"solid": "───", "bold": "━━━", "dashed": "╍╍╍", "dotted": "┈┈┈"}


def _add_legend(graph: Graph, scene: Scene, palette: Palette) -> None:
    title = escape(_("on_delete and notation"))
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="2"><B>{title}</B></TD></TR>']
    for action in scene.legend():
        sample = _LINES.get(action.style, "┌╌╌┐")  # a line, or a dashed box
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{action.color or palette.muted}">'
            f"{sample}</FONT> {escape(_(action.key))}</TD>"
            f'<TD ALIGN="LEFT"><FONT COLOR="{palette.muted}">'
            f"{escape(_(action.meaning))}</FONT></TD></TR>"
        )
    rows.append(
        f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT COLOR="{palette.muted}">'
        + escape(
            _(
                "ends: ┤┤ exactly one · ┤○ zero or one · ○< zero or many · "
                "labels: field at its model, reverse accessor at the target"
            )
        )
        + "</FONT></TD></TR>"
    )
    graph.add_node(
        LEGEND_NODE,
        label=Html(
            f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" '
            f'COLOR="{palette.border}" BGCOLOR="{palette.node}">'
            f"{''.join(rows)}</TABLE>>"
        ),
        shape="plain",
        id="erviz-legend",
        fontsize="9",
    )


def _tooltip(text: str) -> str:
    """Tooltips are Graphviz escStrings: there a backslash starts \\N,
    \\G... or is dropped, and no escape keeps it."""
    return visible_text(text).replace("\\", BACKSLASH)


def escape(text: str) -> str:
    """User text inside an HTML-like label or an SVG attribute."""
    return html.escape(visible_text(text))


def draw(scene: Scene, fmt: str, options: DiagramOptions) -> bytes:
    """The scene laid out as svg, png or pdf bytes (:class:`client.DrawingFailed`
    when the worker draws none within ``options.time_budget``)."""
    data = _drawn(build_graph(scene, options), fmt, options.layout, options)
    if fmt == "svg":
        data = annotate_svg(data.decode(), _data_attributes(scene)).encode()
    return data


def graph_text(graph: Graph) -> bytes:
    """The graph as DOT, in Graphviz's own writing of it."""
    return client.draw(graph.string(), fmt="dot").data


#: Below this resolution a PNG's text cannot be read.
READABLE_DPI = 18


def _drawn(graph: Graph, fmt: str, prog: str, options: DiagramOptions) -> bytes:
    drawing = client.draw(
        graph.string(),
        fmt=fmt,
        prog=prog,
        dpi=options.dpi,
        max_pixels=options.max_pixels,
        budget=options.time_budget,
    )
    if drawing.dpi is not None and drawing.dpi < options.dpi:
        # Said as a warning of the "erviz.render" logger, which the command
        # prints.
        logger.warning(
            "the PNG is drawn at %d dpi, not the %d asked: at %d dpi it would "
            "exceed PNG_MAX_PIXELS (%s pixels)%s",
            drawing.dpi,
            options.dpi,
            options.dpi,
            f"{options.max_pixels:,}",
            "; text this small is unreadable, an SVG keeps every detail"
            if drawing.dpi < READABLE_DPI
            else "",
        )
    return drawing.data


def _data_attributes(scene: Scene) -> dict[str, str]:
    attributes = {
        model_id(m.label): f'data-model="{escape(m.label)}" data-stub="false" '
        'tabindex="0"'
        for m in scene.models
    }
    for stub in scene.stubs:
        attributes[model_id(stub.key)] = (
            f'data-model="{escape(stub.model.label)}" data-stub="true" tabindex="0"'
        )
    for relation in scene.edges:
        attributes[relation_id(relation.id)] = (
            f'data-relation="{escape(relation.id)}" '
            f'data-source="{escape(relation.source)}" '
            f'data-target="{escape(relation.target or "")}" tabindex="0"'
        )
    for inheritance in scene.inheritance:
        attributes[inheritance_id(inheritance)] = (
            f'data-source="{escape(inheritance.child)}" '
            f'data-target="{escape(inheritance.parent)}"'
        )
    return attributes


_GROUP = re.compile(r'<g id="([^"]+)" class="([^"]+)"')


def annotate_svg(svg: str, attributes: dict[str, str]) -> str:
    """Add our data-* attributes to the groups Graphviz made for nodes/edges."""

    def add(match: re.Match[str]) -> str:
        extra = attributes.get(unescape(match.group(1)))
        return f"{match.group(0)} {extra}" if extra else match.group(0)

    return _GROUP.sub(add, svg)


#: Links above which the app map draws them straight and unlabelled (the
#: count stays in each link's tooltip and width): hundreds of labels are
#: unreadable, and routing and placing them is most of the layout's time.
LABELLED_LINKS = 400


def build_app_map_graph(app_map: AppMap, options: DiagramOptions) -> Graph:
    """Apps as nodes (with their model counts), links weighted by relations."""
    palette = PALETTES[options.theme]
    graph = Graph("erviz_apps")
    labelled = len(app_map.links) <= LABELLED_LINKS
    graph.graph_attr.update(
        bgcolor=palette.background,
        fontname=FONT,
        pad="0.3",
        overlap="false",
        splines="true" if labelled else "false",
    )
    graph.node_attr.update(fontname=FONT, fontsize="16", fontcolor=palette.text)
    graph.edge_attr.update(
        fontname=FONT, fontsize="12", fontcolor=palette.muted, color=palette.border
    )
    for app in app_map.apps:
        models = len(app.models)
        graph.add_node(
            app.label,
            label=Html(
                f"<<B>{escape(app.label)}</B><BR/>"
                f'<FONT POINT-SIZE="12" COLOR="{palette.muted}">'
                f"{escape(app.verbose_name)} · "
                + escape(ngettext("%(count)s model", "%(count)s models", models))
                % {"count": models}
                + "</FONT>>"
            ),
            shape="box",
            style="rounded,filled",
            fillcolor=palette.header(app.label),
            color=palette.border,
            id=app_id(app.label),
            tooltip=_tooltip(app.name),
            **_href(options.app_href, app_label=app.label),
        )
    for link in app_map.links:
        # "11 relations", not "11": two labels side by side ("11" and "2")
        # read as one number.
        label = ngettext("%(count)s relation", "%(count)s relations", link.relations)
        graph.add_edge(
            link.source,
            link.target,
            **({"label": label % {"count": link.relations}} if labelled else {}),
            penwidth=str(min(1 + link.relations / 4, 5)),
            id=f"erviz-applink-{link.source}-{link.target}",
            tooltip=_tooltip(
                ngettext(
                    "%(count)s relation from %(source)s to %(target)s",
                    "%(count)s relations from %(source)s to %(target)s",
                    link.relations,
                )
                % {
                    "count": link.relations,
                    "source": link.source,
                    "target": link.target,
                }
            ),
        )
    return graph


def app_id(app_label: str) -> str:
    return f"erviz-app-{app_label}"


def app_map_layout(options: DiagramOptions) -> str:
    """A force-directed layout reads better for apps than dot's ranks, which
    stretch a project's app graph into a band too wide to fit a screen."""
    return "fdp" if options.layout == "dot" else options.layout


def draw_app_map(app_map: AppMap, fmt: str, options: DiagramOptions) -> bytes:
    graph = build_app_map_graph(app_map, options)
    data = _drawn(graph, fmt, app_map_layout(options), options)
    if fmt == "svg":
        attributes = {
            app_id(app.label): f'data-app="{escape(app.label)}" tabindex="0"'
            for app in app_map.apps
        }
        data = annotate_svg(data.decode(), attributes).encode()
    return data
