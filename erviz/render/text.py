"""Mermaid erDiagram and PlantUML: diagrams as text, for docs and reviews.

Both draw the same scene as the Graphviz formats. User content (verbose names,
help texts) is written with each language's character codes, so markup and
quotes show as text.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ..schema.model import Field, ModelNode, Relation
from . import notation
from .options import DiagramOptions
from .scene import AppMap, Scene, reverse_label, shown_fields
from .visible import visible_text

# Crow's-foot ends as Mermaid and PlantUML both write them, by the Graphviz
# names in notation.
_LEFT_END = {
    notation.EXACTLY_ONE: "||",
    notation.ZERO_OR_ONE: "|o",
    notation.ZERO_OR_MANY: "}o",
}
_RIGHT_END = {
    notation.EXACTLY_ONE: "||",
    notation.ZERO_OR_ONE: "o|",
    notation.ZERO_OR_MANY: "o{",
}
_PLANTUML_STYLES = {
    "solid": "plain",
    "bold": "bold",
    "dashed": "dashed",
    "dotted": "dotted",
}


def entity_name(label: str) -> str:
    """``app_label.Model`` as an identifier both languages accept."""
    return re.sub(r"\W", "_", label.replace(".", "__"))


def _mermaid_text(text: str) -> str:
    # Mermaid reads #name; and #code; as character entities inside quotes.
    # "%" too: Mermaid looks for %%{init: ...}%% directives anywhere.
    return "".join(
        f"#{ord(char)};" if char in '"<>&#%' else char for char in visible_text(text)
    )


def _identifier(text: str) -> str:
    """A field name where Mermaid takes a bare word."""
    return _WORD.sub("_", text) or "_"


def _relation_label(relation: Relation) -> str:
    """``field / accessor [ON_DELETE]``: identifiers only, no user text."""
    on_delete = f" [{relation.on_delete}]" if relation.on_delete else ""
    return f"{relation.field} / {reverse_label(relation)}{on_delete}"


def _key(field: Field) -> str:
    """PK, FK for a key column of this table, else nothing: a many-to-many
    or generic relation has no column here."""
    if field.primary_key:
        return "PK"
    return "FK" if field.is_relation and not _without_column(field) else ""


def _without_column(field: Field) -> bool:
    return field.internal_type == "ManyToManyField"


def _mermaid_field(field: Field) -> str:
    keys = f" {_key(field)}" if _key(field) else ""
    comment = f' "{_mermaid_text(field.help_text)}"' if field.help_text else ""
    # A relation without a column is named by its class (GenericRelation,
    # ManyToManyField), not by the internal type Django maps it to.
    kind = _identifier(field.type if _without_column(field) else field.internal_type)
    return f"{kind} {_identifier(field.name)}{keys}{comment}"


_WORD = re.compile(r"\W")


def render_mermaid(scene: Scene, options: DiagramOptions) -> bytes:
    lines = ["erDiagram"]
    lines += [
        f"    %% {_(a.key)}: {_(a.meaning)}"
        for a in notation.legend_actions(
            scene.edges, [i.kind for i in scene.inheritance]
        )
    ]
    boxes = [(m.label, m, True) for m in scene.models]
    boxes += [(stub.key, stub.model, False) for stub in scene.stubs]
    for key, model, full in boxes:
        title = _mermaid_text(f"{model.name} ({model.app_label})")
        lines.append(f'    {entity_name(key)}["{title}"] {{')
        if full:
            lines += [
                f"        {_mermaid_field(field)}"
                for field in shown_fields(model, options.detail)
            ]
        lines.append("    }")
    for relation in scene.edges:
        source_end, target_end = notation.ends(relation)
        lines.append(
            f"    {entity_name(relation.source)} "
            f"{_LEFT_END[source_end]}--{_RIGHT_END[target_end]} "
            f"{entity_name(scene.head(relation))} : "
            f'"{_mermaid_text(_relation_label(relation))}"'
        )
    for inheritance in scene.inheritance:
        lines.append(
            f"    {entity_name(inheritance.child)} |o--|| "
            f'{entity_name(inheritance.parent)} : "{inheritance.kind} child of"'
        )
    return ("\n".join(lines) + "\n").encode()


def _plantuml_text(text: str) -> str:
    # PlantUML writes any character as <U+XXXX>; markup characters, quotes and
    # backslashes are written that way so Creole and HTML never apply (an
    # underscore only where doubled: "__" underlines, one is a name's).
    text = visible_text(text)
    return "".join(
        f"<U+{ord(char):04X}>"
        if char in '"<>&\\*~[]{}|!@'
        or (char == "_" and "__" in text[max(i - 1, 0) : i + 2])
        else char
        for i, char in enumerate(text)
    )


def render_plantuml(scene: Scene, options: DiagramOptions) -> bytes:
    lines = [
        "@startuml",
        "hide circle",
        "skinparam linetype ortho",
        "skinparam shadowing false",
    ]
    for app_label in scene.app_labels:
        lines.append(f'package "{_plantuml_text(app_label)}" {{')
        for model in scene.models:
            if model.app_label == app_label:
                lines += _plantuml_entity(model, shown_fields(model, options.detail))
        lines.append("}")
    for stub in scene.stubs:
        lines += _plantuml_entity(
            stub.model, (), stereotype="<<outside view>>", key=stub.key
        )
    for relation in scene.edges:
        source_end, target_end = notation.ends(relation)
        action = notation.action_for(relation)
        line = f"-[{action.color},{_PLANTUML_STYLES[action.style]}]-"
        lines.append(
            f"{entity_name(relation.source)} "
            f"{_LEFT_END[source_end]}{line}{_RIGHT_END[target_end]} "
            f"{entity_name(scene.head(relation))} "
            f": {_plantuml_text(_relation_label(relation))}"
        )
    for inheritance in scene.inheritance:
        arrow = "..|>" if inheritance.kind == "proxy" else "--|>"
        child, parent = entity_name(inheritance.child), entity_name(inheritance.parent)
        lines.append(f"{child} {arrow} {parent}")
    lines.append("legend right")
    lines += [
        f"  <color:{a.color}>{_(a.key)}</color>: {_plantuml_text(_(a.meaning))}"
        for a in notation.legend_actions(
            scene.edges, [i.kind for i in scene.inheritance]
        )
    ]
    lines += ["endlegend", "@enduml"]
    return ("\n".join(lines) + "\n").encode()


def _plantuml_entity(
    model: ModelNode,
    fields: tuple[Field, ...],
    stereotype: str = "",
    key: str | None = None,
) -> list[str]:
    title = _plantuml_text(model.name)
    if model.verbose_name:
        title += f"\\n<size:9>{_plantuml_text(model.verbose_name)}</size>"
    alias = entity_name(key or model.label)
    lines = [f'  entity "{title}" as {alias} {stereotype}{{']
    for field in fields:
        marker = "* " if not field.null else ""
        keys = f" <<{_key(field)}>>" if _key(field) else ""
        help_text = f" -- {_plantuml_text(field.help_text)}" if field.help_text else ""
        name, kind = _plantuml_text(field.name), _plantuml_text(field.type)
        lines.append(f"    {marker}{name} : {kind}{keys}{help_text}")
    lines.append("  }")
    return lines


def render_app_map_mermaid(app_map: AppMap) -> bytes:
    lines = ["flowchart LR"]
    for app in app_map.apps:
        title = _mermaid_text(f"{app.label} ({len(app.models)} models)")
        lines.append(f'    {entity_name(app.label)}["{title}"]')
    lines += [
        f"    {entity_name(link.source)} -->|{link.relations}| "
        f"{entity_name(link.target)}"
        for link in app_map.links
    ]
    return ("\n".join(lines) + "\n").encode()


def render_app_map_plantuml(app_map: AppMap) -> bytes:
    lines = ["@startuml", "left to right direction"]
    for app in app_map.apps:
        title = _plantuml_text(f"{app.label} ({len(app.models)} models)")
        lines.append(f'package "{title}" as {entity_name(app.label)} {{\n}}')
    lines += [
        f"{entity_name(link.source)} --> {entity_name(link.target)} : {link.relations}"
        for link in app_map.links
    ]
    lines.append("@enduml")
    return ("\n".join(lines) + "\n").encode()
