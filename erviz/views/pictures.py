"""A page's picture: the options every page draws with, the SVG inlined
within the picture budget (or a simpler picture, said), and the pictures
of marked models the delete preview and the related rows draw."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import get_config
from ..picture_cache import cached_picture
from ..render.inline import inline_svg
from ..render.options import Detail, DiagramOptions
from ..render.scene import build_scene
from ..schema import Schema
from ..templatetags.erviz import count as grouped
from .params import at_suffix


def diagram_options(
    detail: Detail,
    level: str = "models",
    marks: tuple[tuple[str, str, str], ...] = (),
    edge_notes: tuple[tuple[str, str], ...] = (),
    answer: bool = False,
    at: str | None = None,
    left_out: frozenset[str] = frozenset(),
) -> DiagramOptions:
    """The options of a page's picture; its models link to their pages (at
    migration ``at``, where the page draws one)."""
    keep = at_suffix(at)
    return DiagramOptions(
        detail=detail,
        level="apps" if level == "apps" else "models",
        marks=marks,
        edge_notes=edge_notes,
        answer=answer,
        left_out=tuple(sorted(left_out)),
        hub_edges=get_config()["HUB_EDGES"],
        time_budget=get_config()["PICTURE_TIME_BUDGET"],
        max_pixels=get_config()["PNG_MAX_PIXELS"],
        model_href=reverse("erviz:model", args=["LABEL"]).replace("LABEL", "{label}")
        + keep,
        app_href=reverse("erviz:app", args=["APP"]).replace("APP", "{app_label}")
        + keep,
    )


@dataclass(frozen=True)
class LegendRow:
    """One entry of a page's legend, in the reader's language."""

    key: str
    meaning: str
    #: The line's colour ("" for the muted colour of a dashed box).
    color: str
    #: solid, dashed, dotted, bold, or "box" for a dashed box.
    style: str


@dataclass(frozen=True)
class Shown:
    """A page's picture as drawn within the budget: the SVG (None when none
    could be), why it is simpler than asked, and the sentence saying so;
    for a picture of models, its legend as the page lays it over the
    picture (the picture's own legend is for downloads)."""

    svg: str | None
    reason: str | None = None
    note: str | None = None
    download: str | None = None
    legend: tuple[LegendRow, ...] = ()
    #: The same answer laid out for a narrow screen (``DiagramOptions.narrow``,
    #: the models' names alone), its ids prefixed so that both can be on the
    #: page; None where only one picture is drawn.
    narrow_svg: str | None = None


def show_answer(
    schema: Schema,
    labels: frozenset[str],
    options: DiagramOptions,
    subject: str | None = None,
) -> Shown:
    """An answer's picture (a path, a delete preview, a row's neighbours),
    also laid out for a narrow screen, where the page shows that one."""
    shown = show_picture(schema, labels, options, subject)
    narrow = replace(options, narrow=True, detail="none")
    drawn = cached_picture(schema, labels, narrow, subject)
    if drawn.data is None:
        return shown
    svg = inline_svg(drawn.data, "erviz-narrow-")
    return replace(shown, narrow_svg=svg)


def show_picture(
    schema: Schema,
    labels: frozenset[str],
    options: DiagramOptions,
    subject: str | None = None,
    download: str | None = None,
) -> Shown:
    picture = cached_picture(schema, labels, options, subject)
    svg = inline_svg(picture.data) if picture.data else None
    models = svg and options.level == "models" and picture.level != "apps"
    legend = _legend(schema, labels, options) if models else ()
    if picture.reason is None:
        return Shown(svg, legend=legend)
    budget = number_format(options.time_budget or 0)
    why = {
        "size": _("would take longer than %(seconds)s s to lay out"),
        "timeout": _("took longer than %(seconds)s s to lay out"),
        "crash": _("stopped Graphviz while it was laid out"),
        "error": _("was refused by Graphviz"),
    }[picture.reason] % {"seconds": budget}
    drawn = picture.asked - picture.left_out
    if picture.data is None:
        note = _("No picture: the whole picture %(why)s.") % {"why": why}
    elif picture.level == "apps" and picture.left_out:
        note = ngettext(
            "The most linked apps, with %(drawn)s of %(count)s model: "
            "the whole map %(why)s.",
            "The most linked apps, with %(drawn)s of %(count)s models: "
            "the whole map %(why)s.",
            picture.asked,
        ) % {"drawn": grouped(drawn), "count": grouped(picture.asked), "why": why}
    elif picture.level == "apps":
        note = ngettext(
            "A map of apps: the picture of its %(count)s model %(why)s.",
            "A map of apps: the picture of its %(count)s models %(why)s.",
            picture.asked,
        ) % {"count": grouped(picture.asked), "why": why}
    else:
        note = ngettext(
            "%(drawn)s of %(count)s model drawn, the most connected first: "
            "the whole picture %(why)s.",
            "%(drawn)s of %(count)s models drawn, the most connected first: "
            "the whole picture %(why)s.",
            picture.asked,
        ) % {"drawn": grouped(drawn), "count": grouped(picture.asked), "why": why}
    href = None
    if download is not None:
        href = f"{reverse('erviz:export', args=['svg'])}?{download}"
    return Shown(svg, picture.reason, note, href, legend)


def _legend(
    schema: Schema, labels: frozenset[str], options: DiagramOptions
) -> tuple[LegendRow, ...]:
    """The legend of the picture of ``labels`` (the scene is cheap to build
    again: the layout was the cost, and it is cached)."""
    scene = build_scene(
        schema, labels, options.hub_edges, options.answer, options.left_out
    )
    return tuple(
        LegendRow(_(entry.key), _(entry.meaning), entry.color, entry.style)
        for entry in scene.legend()
    )


def marked_picture(
    schema: Schema,
    notes: dict[str, list[str]],
    marks: dict[str, str],
    reached: dict[str, int],
) -> Shown:
    """The models ``notes`` names, each outlined by its mark (a key of
    ``notation.MARKS``) with its notes under its name, and on each relation
    of ``reached`` (``app.Model.field``) between them the rows it reaches:
    the pictures of the delete preview and of the related rows."""
    options = diagram_options(
        "none",
        marks=tuple(
            (label, marks[label], " · ".join(texts))
            for label, texts in sorted(notes.items())
        ),
        edge_notes=tuple(
            (key, rows_text(count))
            for key, count in sorted(reached.items())
            if model_of(key) in notes
        ),
        answer=True,
    )
    return show_answer(schema, frozenset(notes), options)


def rows_text(count: int) -> str:
    """A row count in words, in the active language ("200,000 rows")."""
    return ngettext("%(count)s row", "%(count)s rows", count) % {
        "count": grouped(count)
    }


def model_of(key: str) -> str:
    """The model label of a preview key: ``app.Model`` or ``app.Model.field``."""
    return ".".join(key.split(".")[:2])
